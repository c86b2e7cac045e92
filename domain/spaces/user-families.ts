// Space families from users' own modules. A module exports its family as `spaceFamily` (or
// several as `spaceFamilies`); whoever loads the module registers what it exports: the CLI
// after require(), a worker's workflow bundle from its generated entry (workers/workflow-entry.ts).
// Pure, so it runs inside Temporal's workflow sandbox as well.
import type { SpaceFamily } from './family';
import { findSpaceFamily, registerSpaceFamily } from './registry';

/** Where each family registered from a module came from. */
const origins = new Map<string, string>();

/** A module's exports that are not usable families, or no family at all. */
export class SpaceModuleExportError extends Error {
  override readonly name = 'SpaceModuleExportError';
}

function familyProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return `is ${value === null ? 'null' : typeof value}, not an object`;
  const f = value as Record<string, unknown>;
  if (typeof f.type !== 'string' || f.type.length === 0) return 'has no `type` (the space.type it answers to)';
  if (typeof f.doc !== 'string') return 'has no `doc` (one line saying what the space is)';
  if (typeof f.readOptions !== 'function') return 'has no `readOptions(section, reader)` method';
  if (typeof f.create !== 'function') return 'has no `create(options)` method';
  return undefined;
}

/** The families a module exports, checked; throws SpaceModuleExportError naming the module and the export. */
export function exportedFamilies(exports: unknown, origin: string): SpaceFamily[] {
  const e = (typeof exports === 'object' || typeof exports === 'function') && exports !== null ? (exports as Record<string, unknown>) : {};
  const found: [string, unknown][] = [];
  if (e.spaceFamily !== undefined) found.push(['spaceFamily', e.spaceFamily]);
  if (e.spaceFamilies !== undefined) {
    if (!Array.isArray(e.spaceFamilies)) throw new SpaceModuleExportError(`${origin}: the export spaceFamilies must be a list of space families`);
    e.spaceFamilies.forEach((f, i) => found.push([`spaceFamilies[${i}]`, f]));
  }
  if (found.length === 0) {
    throw new SpaceModuleExportError(
      `${origin} exports no space family: export one as \`spaceFamily\` (or several as \`spaceFamilies\`), ` +
        `an object {type, doc, readOptions, create} (see domain/spaces/family.ts)`,
    );
  }
  return found.map(([name, value]) => {
    const problem = familyProblem(value);
    if (problem !== undefined) throw new SpaceModuleExportError(`${origin}: the export ${name} ${problem}`);
    return value as SpaceFamily;
  });
}

/**
 * Registers the families a module exports and returns their types. Loading the same module
 * twice is harmless; a type already taken by another family is an error naming both.
 */
export function registerModuleFamilies(exports: unknown, origin: string): string[] {
  return exportedFamilies(exports, origin).map((family) => {
    const existing = findSpaceFamily(family.type);
    if (existing === family) return family.type;
    if (existing !== undefined) {
      const by = origins.get(family.type);
      throw new SpaceModuleExportError(
        `${origin}: space.type "${family.type}" is already taken by ${by === undefined ? 'a built-in family' : `the module ${by}`}; give the family another type`,
      );
    }
    registerSpaceFamily(family);
    origins.set(family.type, origin);
    return family.type;
  });
}

/** The module a registered family came from; undefined for built-in families. */
export function moduleOfFamily(type: string): string | undefined {
  return origins.get(type);
}
