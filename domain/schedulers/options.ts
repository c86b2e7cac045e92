// Option readers shared by the schedulers: every one trains over an epoch range that grows by eta.
import { rungEpochs } from './rungs';
import type { ConfigReader, Json } from '../config/reader';

/** Largest halving rate: beyond it every bracket is a single rung anyway. */
export const MAX_ETA = 100;

/** Reads fidelity.eta. Below 2 a rung keeps more than half its candidates and the rungs barely grow. */
export function readEta(section: Json, r: ConfigReader): number {
  return r.num(section, 'eta', 'fidelity.eta', 3, (n) => n >= 2 && n <= MAX_ETA, `a number from 2 to ${MAX_ETA}`);
}

export interface EpochOptions {
  minEpochs: number;
  maxEpochs: number;
  eta: number;
  /** The rungs these options give (a single one when minEpochs > maxEpochs was reported). */
  rungs: number[];
}

/** Reads fidelity.minEpochs, maxEpochs and eta, reporting each problem under its key. */
export function readEpochOptions(section: Json, r: ConfigReader, defaults: { minEpochs: number; maxEpochs: number }): EpochOptions {
  const maxEpochs = r.int(section, 'maxEpochs', 'fidelity.maxEpochs', defaults.maxEpochs, 1, 10_000);
  const minEpochs = r.int(section, 'minEpochs', 'fidelity.minEpochs', defaults.minEpochs, 1, 10_000);
  const eta = readEta(section, r);
  if (minEpochs > maxEpochs) {
    r.problems.push(`fidelity.minEpochs: must not exceed fidelity.maxEpochs (${maxEpochs}), got ${minEpochs}`);
    return { minEpochs, maxEpochs, eta, rungs: [maxEpochs] };
  }
  return { minEpochs, maxEpochs, eta, rungs: rungEpochs(minEpochs, maxEpochs, eta) };
}
