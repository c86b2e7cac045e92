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
  const trained = history.reduce((s, m) => s + m.seconds, 0);
  return { history, params: entry.params, flops: entry.flops, seconds: trained + (fromEpoch > 0 ? warmUpSeconds(entry) : 0) };
}

/**
 * What starting a training costs beyond its epochs: the first epoch's seconds less a typical
 * later epoch's (the median of epochs 2..n). A training's first epoch carries the trainer's
 * start (building the model and its training step, the first batches' warm-up); a training
 * resumed from a checkpoint pays that again in a real search, but its stored epochs do not
 * hold it, so the lookup adds it. Without this a scheduler's promotions would look cheaper
 * than they are (on cell5-mnist14 the warm-up is about 0.3 s against 0.22 s an epoch).
 */
export function warmUpSeconds(entry: TabularEntry): number {
  if (entry.curve.length < 2) return 0;
  const later = entry.curve.slice(1).map((m) => m.seconds).sort((a, b) => a - b);
  const mid = later.length >> 1;
  const median = later.length % 2 === 1 ? later[mid] : (later[mid - 1] + later[mid]) / 2;
  return Math.max(0, entry.curve[0].seconds - median);
}

/** The best validation accuracy the table holds at `epochs`: the optimum regret is measured from. */
export function tableOptimum(table: TabularTable, epochs = table.spec.epochs): number {
  let best = -Infinity;
  for (const entry of Object.values(table.entries)) best = Math.max(best, entry.curve[epochs - 1].valAccuracy);
  return best;
}
