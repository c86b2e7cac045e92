// The tabular benchmark's table and its lookup: a stored learning curve per network (keyed by
// canonical graph hash) answers a training request without training, and tells how long the
// real training took, so searches run in simulated time. Pure: the caller reads the file.
import type { EpochMetrics } from '../../contracts/training';
import type { TabularSpec } from './spec';

export const TABLE_FORMAT = 1;

export interface TabularEntry {
  /** Position in the space's enumeration order (domain/spaces/enumerate.ts). */
  index: number;
  description: string;
  params: number;
  flops: number;
  /** Epochs 1..spec.epochs, each with the seconds that epoch took to train and validate. */
  curve: EpochMetrics[];
}

export interface TabularTable {
  format: typeof TABLE_FORMAT;
  spec: TabularSpec;
  /** How the table was produced: backend, when, the trainings' own seconds and the builder's wall time. */
  build: { backend: string; trainSeconds: number; wallSeconds: number; searches: string[]; builtAt: string };
  /** Canonical graph hash -> entry. */
  entries: Record<string, TabularEntry>;
}

export interface TabularAnswer {
  /** The epochs after `fromEpoch` up to the target, as a training would have reported them. */
  history: EpochMetrics[];
  params: number;
  flops: number;
  /** Simulated seconds: what training those epochs took when the table was built. */
  seconds: number;
}

/** Thrown for a request the table cannot answer; permanent, so never worth a retry. */
export class TabularLookupError extends Error {
  override readonly name = 'TabularLookupError';
}

/**
 * The stored curve of network `hash` from `fromEpoch` (exclusive) to `targetEpochs`, as a
 * training resumed at `fromEpoch` would report it.
 */
export function lookupTraining(table: TabularTable, hash: string, fromEpoch: number, targetEpochs: number): TabularAnswer {
  const entry = table.entries[hash];
  if (entry === undefined) {
    throw new TabularLookupError(
      `the tabular benchmark has no network with hash ${hash}: the search's space must be the table's (${JSON.stringify(table.spec.space)})`,
    );
  }
  if (!Number.isInteger(targetEpochs) || targetEpochs < 1 || targetEpochs > entry.curve.length) {
    throw new TabularLookupError(`the tabular benchmark holds epochs 1..${entry.curve.length}, a training to ${targetEpochs} epochs was asked`);
  }
  if (!Number.isInteger(fromEpoch) || fromEpoch < 0 || fromEpoch >= targetEpochs) {
    throw new TabularLookupError(`a training from epoch ${fromEpoch} to ${targetEpochs} is empty or backwards`);
  }
  const history = entry.curve.slice(fromEpoch, targetEpochs).map((m) => ({ ...m }));
  return { history, params: entry.params, flops: entry.flops, seconds: history.reduce((s, m) => s + m.seconds, 0) };
}

/** The best validation accuracy the table holds at `epochs`: the optimum regret is measured from. */
export function tableOptimum(table: TabularTable, epochs = table.spec.epochs): number {
  let best = -Infinity;
  for (const entry of Object.values(table.entries)) best = Math.max(best, entry.curve[epochs - 1].valAccuracy);
  return best;
}
