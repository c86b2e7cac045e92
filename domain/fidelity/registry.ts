// The resource registry, keyed by `fidelity.resource`. Built-in resources register from
// register-all.ts, one line each.
import type { FidelitySection } from '../config/search-config';
import type { FidelityResource } from './resource';

const resources = new Map<string, FidelityResource>();

export function registerResource(resource: FidelityResource): void {
  if (resources.has(resource.name)) throw new Error(`fidelity resource '${resource.name}' is already registered`);
  resources.set(resource.name, resource);
}

export function findResource(name: unknown): FidelityResource | undefined {
  return typeof name === 'string' ? resources.get(name) : undefined;
}

/** Registered `fidelity.resource` values in registration order. */
export function resourceNames(): string[] {
  return [...resources.keys()];
}

/** Every key some resource reads (a scheduler with rungs accepts them all, and the resource refuses the others'). */
export function resourceKeys(): string[] {
  return [...new Set([...resources.values()].flatMap((r) => r.keys))];
}

/** The resource of a validated section ("epochs" when absent). */
export function resourceOf(fidelity: Pick<FidelitySection, 'resource'>): FidelityResource {
  const name = fidelity.resource ?? 'epochs';
  const resource = resources.get(name);
  if (resource === undefined) throw new Error(`fidelity.resource: unknown resource ${JSON.stringify(name)}; registered: ${resourceNames().join(', ')}`);
  return resource;
}

/** The value of every rung of a validated section, lowest first, in its resource's unit. */
export function fidelityRungs(fidelity: FidelitySection): number[] {
  return resourceOf(fidelity).rungs(fidelity);
}
