// The scheduler registry, keyed by `fidelity.type`. Built-in schedulers register from
// register-all.ts, one line each.
import type { FidelitySection } from '../config/search-config';
import { withEarlyStop } from './early-stop';
import type { Scheduler, SchedulerDefinition } from './scheduler';

const definitions = new Map<string, SchedulerDefinition>();

export function registerScheduler(definition: SchedulerDefinition): void {
  if (definitions.has(definition.type)) throw new Error(`scheduler '${definition.type}' is already registered`);
  definitions.set(definition.type, definition);
}

export function findScheduler(type: unknown): SchedulerDefinition | undefined {
  return typeof type === 'string' ? definitions.get(type) : undefined;
}

/** Registered `fidelity.type` values in registration order. */
export function schedulerTypes(): string[] {
  return [...definitions.keys()];
}

function definitionOf(type: string): SchedulerDefinition {
  const definition = definitions.get(type);
  if (definition === undefined) {
    throw new Error(`fidelity.type: unknown scheduler ${JSON.stringify(type)}; registered: ${schedulerTypes().join(', ')}`);
  }
  return definition;
}

/** A fresh scheduler for validated options; throws on a type nobody registered. */
export function createScheduler(fidelity: FidelitySection, trials: number): Scheduler {
  const definition = definitionOf(fidelity.type);
  return withEarlyStop(fidelity, (state) => (state === undefined ? definition.create(fidelity, trials) : definition.restore(fidelity, state)));
}

/** The scheduler a snapshot was taken from, continuing where it stopped. */
export function restoreScheduler(fidelity: FidelitySection, state: unknown): Scheduler {
  const definition = definitionOf(fidelity.type);
  return withEarlyStop(fidelity, (inner) => definition.restore(fidelity, inner), state);
}
