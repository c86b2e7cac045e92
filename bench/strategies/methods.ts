// What bench/strategies compares: every registered strategy without early stopping, then every
// registered scheduler (other than "none") with random search, or with its own sampler. A
// method is a strategy section and a fidelity section of a search config, so anything a config
// can say can be benchmarked; add rows to extraMethods for variants (e.g. a scheduler with
// other options).
import { findScheduler, schedulerTypes } from '../../domain/schedulers';
import { strategyTypes } from '../../domain/strategies';
import type { TabularSpec } from '../../domain/tabular';

export interface Method {
  name: string;
  strategy: Record<string, unknown>;
  fidelity: Record<string, unknown>;
}

/** Strategies left out of the comparison, and why. */
const NOT_COMPARED: Record<string, string> = {
  // A fixed order, not a search: its regret says where the enumeration happens to start.
  exhaustive: 'not a search: it walks the space in a fixed order, ignoring results',
};

/** Rows added by hand: schedulers with non-default options, early stopping, and the like. */
export function extraMethods(spec: TabularSpec): Method[] {
  return [
    // Learning-curve extrapolation: random search whose trials stop when predicted below the 3rd best.
    { name: 'random + earlyStop', strategy: { type: 'random' }, fidelity: { type: 'none', maxEpochs: spec.epochs, earlyStop: { topK: 3 } } },
    ...fromThreeEpochs(spec),
  ];
}

/**
 * Hyperband and BOHB whose lowest rung is 3 epochs, on tables of 27 epochs or more: there the
 * first epoch ranks networks almost at random (Spearman 0.23 with epoch 27 on
 * cell5-mnist14-e27, 0.63 for epoch 3; see bench/tabular), so the 1-epoch bracket mostly
 * discards good slow starters. A user would read that off a pilot, as minEpochs is theirs to set.
 */
function fromThreeEpochs(spec: TabularSpec): Method[] {
  if (spec.epochs < 27) return [];
  const rungs = { ...rungsOf(spec), minEpochs: 3 };
  return [
    { name: 'random + hyperband from 3', strategy: { type: 'random' }, fidelity: { type: 'hyperband', ...rungs } },
    { name: 'bohb from 3', strategy: { type: 'bohb' }, fidelity: { type: 'bohb', ...rungs } },
  ];
}

/**
 * Rungs the table allows: eta 3 over 1..9 epochs (rungs 1, 3, 9) when the table has a power
 * of 3 epochs, else eta 2 (1, 2, 4 for the 4-epoch table). Every rung ends at the table's
 * full epochs, so each method trains its finalists to the budget regret is judged at.
 */
export function rungsOf(spec: TabularSpec): { minEpochs: number; maxEpochs: number; eta: number } {
  const powerOf = (base: number, n: number): boolean => n >= base && (n === base || (n % base === 0 && powerOf(base, n / base)));
  return { minEpochs: 1, maxEpochs: spec.epochs, eta: powerOf(3, spec.epochs) ? 3 : 2 };
}

export function benchMethods(spec: TabularSpec): Method[] {
  // A strategy some scheduler brings as its own sampler (bohb) is compared under that
  // scheduler (one row, named after it), not alone.
  const ownSamplers = new Set(schedulerTypes().map((type) => findScheduler(type)?.strategyType).filter((t) => t !== undefined));
  const strategies = strategyTypes()
    .filter((type) => NOT_COMPARED[type] === undefined && !ownSamplers.has(type))
    .map((type) => ({ name: type, strategy: { type }, fidelity: { type: 'none', maxEpochs: spec.epochs } }));
  const schedulers = schedulerTypes()
    .filter((type) => type !== 'none')
    .map((type) => {
      // Each scheduler gets only the keys it reads.
      const wanted: Record<string, unknown> = { type, ...rungsOf(spec) };
      const keys = findScheduler(type)?.keys ?? [];
      const fidelity = Object.fromEntries(Object.entries(wanted).filter(([k]) => k === 'type' || keys.includes(k)));
      const own = findScheduler(type)?.strategyType;
      return own ? { name: type, strategy: { type: own }, fidelity } : { name: `random + ${type}`, strategy: { type: 'random' }, fidelity };
    });
  return [...strategies, ...schedulers, ...extraMethods(spec)];
}
