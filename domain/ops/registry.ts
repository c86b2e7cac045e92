// The operation registry, keyed by name as tfjs keys its kernels. Registration happens once,
// at module load, from register-all.ts; lookups of unknown names throw with the known list.
import type { OperationDef } from './operation';

const operations = new Map<string, OperationDef>();

/** Adds an operation; a second registration under the same name is a programming error. */
export function registerOperation(def: OperationDef): void {
  if (operations.has(def.name)) throw new Error(`operation '${def.name}' is already registered`);
  operations.set(def.name, def);
}

export function getOperation(name: string): OperationDef {
  const def = operations.get(name);
  if (def === undefined) throw new Error(`unknown operation '${name}'; registered: ${operationNames().join(', ')}`);
  return def;
}

export function findOperation(name: unknown): OperationDef | undefined {
  return typeof name === 'string' ? operations.get(name) : undefined;
}

/** Registered names in registration order. */
export function operationNames(): string[] {
  return [...operations.keys()];
}
