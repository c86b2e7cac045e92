// Shape checks for snapshots coming back from workflow history or a state file. A corrupt or
// mismatched snapshot must fail loudly at restore, not as a puzzling error many trials later.
import type { Architecture } from '../types';
import type { RngState } from '../rng';
import { type StrategyTrial, checkObservation } from './trials';

export type JsonObject = Record<string, unknown>;

export function readObject(value: unknown, where: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${where}: expected an object, got ${JSON.stringify(value)}`);
  }
  return value as JsonObject;
}

/** Checks the snapshot is an object of the expected strategy type. */
export function readSnapshot(snapshot: unknown, type: string): JsonObject {
  const s = readObject(snapshot, `${type} snapshot`);
  if (s.type !== type) {
    throw new Error(`cannot restore strategy '${type}' from a snapshot of type ${JSON.stringify(s.type)}`);
  }
  return s;
}

export function readRngState(value: unknown, where: string): RngState {
  const ok = Array.isArray(value) && value.length === 4 && value.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff);
  if (!ok || value.every((w) => w === 0)) {
    throw new Error(`${where}: expected four uint32 words, not all zero, got ${JSON.stringify(value)}`);
  }
  return [value[0], value[1], value[2], value[3]];
}

/** Trial records in ask order; ids must be unique non-empty strings. Architectures are checked by the caller's space if it needs them valid. */
export function readTrials<A extends Architecture>(value: unknown, where: string): StrategyTrial<A>[] {
  if (!Array.isArray(value)) throw new Error(`${where}: expected an array, got ${JSON.stringify(value)}`);
  const ids = new Set<string>();
  return value.map((item, i) => {
    const t = readObject(item, `${where}[${i}]`);
    if (typeof t.id !== 'string' || t.id.length === 0 || ids.has(t.id)) {
      throw new Error(`${where}[${i}].id: expected a unique non-empty string, got ${JSON.stringify(t.id)}`);
    }
    ids.add(t.id);
    const trial: StrategyTrial<A> = { id: t.id, architecture: readObject(t.architecture, `${where}[${i}].architecture`) as unknown as A };
    if (t.parentId !== undefined) {
      if (typeof t.parentId !== 'string') throw new Error(`${where}[${i}].parentId: expected a string, got ${JSON.stringify(t.parentId)}`);
      trial.parentId = t.parentId;
    }
    if (t.observation !== undefined) trial.observation = checkObservation(`${where}[${i}]`, t.observation);
    return trial;
  });
}
