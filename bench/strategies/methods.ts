// What bench/strategies compares: every registered strategy without early stopping, then every
// registered scheduler (other than "none") with random search. A method is a strategy section
// and a fidelity section of a search config, so anything a config can say can be benchmarked;
// add rows to EXTRA_METHODS for variants (e.g. a scheduler with other options).
import { findScheduler, schedulerTypes } from '../../domain/schedulers';
import { strategyTypes } from '../../domain/strategies';
import { TABULAR_SPEC } from '../../domain/tabular';

export interface Method {
  name: string;
  strategy: Record<string, unknown>;
  fidelity: Record<string, unknown>;
}

/** Strategies left out of the comparison, and why. */
const NOT_COMPARED: Record<string, string> = {};

/** Rows added by hand: schedulers with non-default options, early stopping, and the like. */
export const EXTRA_METHODS: Method[] = [
  // Learning-curve extrapolation: random search whose trials stop when predicted below the 3rd best.
  { name: 'random + earlyStop', strategy: { type: 'random' }, fidelity: { type: 'none', maxEpochs: TABULAR_SPEC.epochs, earlyStop: { topK: 3 } } },
];

/** The epochs of the table, so every method trains its finalists to the full budget. */
const FULL = TABULAR_SPEC.epochs;

export function benchMethods(): Method[] {
  const strategies = strategyTypes()
    .filter((type) => NOT_COMPARED[type] === undefined)
    .map((type) => ({ name: type, strategy: { type }, fidelity: { type: 'none', maxEpochs: FULL } }));
  const schedulers = schedulerTypes()
    .filter((type) => type !== 'none')
    .map((type) => {
      // Rungs at 1, 2 and 4 epochs; each scheduler gets only the keys it reads.
      const wanted: Record<string, unknown> = { type, minEpochs: 1, maxEpochs: FULL, eta: 2 };
      const keys = findScheduler(type)?.keys ?? [];
      const fidelity = Object.fromEntries(Object.entries(wanted).filter(([k]) => k === 'type' || keys.includes(k)));
      // A scheduler that brings its own sampler (bohb) is compared with it, not with random search.
      const own = findScheduler(type)?.strategyType;
      return own ? { name: type, strategy: { type: own }, fidelity } : { name: `random + ${type}`, strategy: { type: 'random' }, fidelity };
    });
  return [...strategies, ...schedulers, ...EXTRA_METHODS];
}
