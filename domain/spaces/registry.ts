// The space-family registry, keyed by `space.type`. Built-in families register from
// register-all.ts; a user's family registers itself from its own module (see README).
import type { Architecture } from '../types';
import type { SpaceFamily, SpaceOptions } from './family';
import type { SearchSpace } from './search-space';

const families = new Map<string, SpaceFamily>();

export function registerSpaceFamily<O extends SpaceOptions, A extends Architecture>(family: SpaceFamily<O, A>): void {
  if (families.has(family.type)) throw new Error(`space family '${family.type}' is already registered`);
  families.set(family.type, family as unknown as SpaceFamily);
}

export function findSpaceFamily(type: unknown): SpaceFamily | undefined {
  return typeof type === 'string' ? families.get(type) : undefined;
}

/** Registered `space.type` values in registration order. */
export function spaceFamilyTypes(): string[] {
  return [...families.keys()];
}

/** The space of validated options; throws on a type no family registered. */
export function createSpace(options: SpaceOptions): SearchSpace {
  const family = families.get(options.type);
  if (family === undefined) {
    throw new Error(`space.type: unknown search space ${JSON.stringify(options.type)}; registered: ${spaceFamilyTypes().join(', ')}`);
  }
  // `module` says where the family came from; it is not one of the family's options.
  const { module: _origin, ...own } = options;
  return family.create(own as SpaceOptions);
}
