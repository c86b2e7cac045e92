// The morphism registry, keyed by operator name (as domain/ops keys operations).
import type { MorphismOperator } from './operator';

const operators = new Map<string, MorphismOperator>();

export function registerMorphism(op: MorphismOperator): void {
  if (operators.has(op.name)) throw new Error(`morphism '${op.name}' is already registered`);
  operators.set(op.name, op);
}

export function getMorphism(name: string): MorphismOperator {
  const op = operators.get(name);
  if (op === undefined) throw new Error(`unknown morphism '${name}'; registered: ${morphismNames().join(', ')}`);
  return op;
}

/** Registered names in registration order. */
export function morphismNames(): string[] {
  return [...operators.keys()];
}

export function morphisms(): MorphismOperator[] {
  return [...operators.values()];
}
