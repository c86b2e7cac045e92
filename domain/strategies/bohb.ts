// BOHB's sampler (Falkner et al. 2018): TPE models fitted per fidelity. Every trial's learning
// curve gives its validation accuracy at each epoch it trained, so each epoch count is a budget
// with its own set of observations; with rungs of training subsets or model scales, each rung's
// amount is the budget (Observation.budgets). A new candidate comes from TPE (tpe-sampler.ts, shared with
// the `tpe` strategy) fitted on the largest budget that has at least `minPoints` observations,
// or, with probability `randomFraction` or while no budget has enough, from a uniform draw.
//
// `fidelity.type: "bohb"` is Hyperband with this strategy proposing its new candidates; as a
// strategy it also works under any other scheduler.
import type { Architecture, Observation, Proposal } from '../types';
import { Rng, type RngState } from '../rng';
import type { SearchSpace } from '../spaces/search-space';
import type { Strategy } from './strategy';
import type { StrategyDefinition } from './definition';
import { type StrategyTrial, TrialLedger, copyJson, drawNovel, drawNovelNear, propose } from './trials';
import { readRngState, readSnapshot, readTrials } from './snapshot-check';
import { TPE_DEFAULTS, sampleTpe, tpeObservation } from './tpe-sampler';

export type BohbOptions = { type: 'bohb'; minPoints: number; randomFraction: number; candidates: number; priorWeight: number };

export interface BohbSnapshot<A extends Architecture = Architecture> extends Omit<BohbOptions, 'type'> {
  type: 'bohb';
  rng: RngState;
  trials: StrategyTrial<A>[];
  /** Each told trial's validation accuracy per budget ([budget, value] pairs: epochs, or a rung's subset or scale): the ledger keeps no curves. */
  points: Record<string, [number, number][]>;
}

/**
 * The [budget, value] pairs an observation gives: each rung's value at its training subset or
 * model scale when the rungs are those (every rung then trains the same epochs), else its curve
 * (a budget per epoch), else its value at its epochs.
 */
export function pointsOf(o: Observation): [number, number][] {
  if (o.state === 'failed' || o.state === 'duplicate') return [];
  if (o.budgets && o.budgets.length > 0) return o.budgets.map(([amount, value]) => [amount, value]);
  if (o.curve && o.curve.length > 0) return o.curve.map((m) => [m.epoch, m.valAccuracy]);
  return o.epochs !== undefined && o.value !== undefined ? [[o.epochs, o.value]] : [];
}

/** Validation accuracy of each told trial at each budget it trained to (failed and duplicate trials left out). */
export function valuesByBudget<A extends Architecture>(trials: readonly StrategyTrial<A>[], points: Record<string, [number, number][]>): Map<number, { trial: StrategyTrial<A>; value: number }[]> {
  const byBudget = new Map<number, { trial: StrategyTrial<A>; value: number }[]>();
  for (const trial of trials) {
    for (const [budget, value] of points[trial.id] ?? []) {
      const list = byBudget.get(budget) ?? [];
      list.push({ trial, value });
      byBudget.set(budget, list);
    }
  }
  return byBudget;
}

export class BohbSearch<A extends Architecture = Architecture> implements Strategy<BohbSnapshot<A>> {
  readonly type = 'bohb' as const;

  private constructor(
    private readonly space: SearchSpace<A>,
    readonly options: BohbOptions,
    private readonly rng: Rng,
    private readonly ledger: TrialLedger<A>,
    private readonly points: Record<string, [number, number][]> = {},
  ) {}

  static create<A extends Architecture>(space: SearchSpace<A>, options: BohbOptions, seed: number): BohbSearch<A> {
    return new BohbSearch(space, options, new Rng(seed), new TrialLedger<A>((a: A) => space.hash(a)));
  }

  static restore<A extends Architecture>(space: SearchSpace<A>, options: BohbOptions, snapshot: unknown): BohbSearch<A> {
    const s = readSnapshot(snapshot, 'bohb');
    for (const key of ['minPoints', 'randomFraction', 'candidates', 'priorWeight'] as const) {
      if (s[key] !== options[key]) throw new Error(`cannot restore bohb: the snapshot has ${key} ${JSON.stringify(s[key])}, the spec ${options[key]}`);
    }
    const ledger = new TrialLedger((a: A) => space.hash(a), readTrials<A>(s.trials, 'bohb snapshot.trials'));
    const points = s.points;
    if (typeof points !== 'object' || points === null || Array.isArray(points)) throw new Error('bohb snapshot.points: must be an object of [epoch, value] lists');
    return new BohbSearch(space, options, new Rng(readRngState(s.rng, 'bohb snapshot.rng')), ledger, copyJson(points as Record<string, [number, number][]>));
  }

  /** The budget TPE is fitted on now (the largest with enough observations), if any. */
  modelBudget(): number | undefined {
    const budgets = [...valuesByBudget(this.ledger.all(), this.points).entries()].filter(([, list]) => list.length >= this.options.minPoints);
    return budgets.length === 0 ? undefined : Math.max(...budgets.map(([b]) => b));
  }

  ask(trialId: string): Proposal<A> {
    this.ledger.checkNewId(trialId);
    // Drawn every time, so the random stream does not depend on whether a model exists.
    const explore = this.rng.next() < this.options.randomFraction;
    const budget = this.modelBudget();
    if (explore || budget === undefined) {
      return propose(this.ledger, trialId, drawNovel(this.ledger, () => this.space.sample(this.rng)));
    }
    const ranked = (valuesByBudget(this.ledger.all(), this.points).get(budget) ?? [])
      .map((x, i) => ({ ...x, i }))
      .sort((a, b) => b.value - a.value || a.i - b.i)
      .map(({ trial }) => tpeObservation(this.space, trial.architecture, this.ledger.indexOf(trial.id)));
    const settings = { candidates: this.options.candidates, priorWeight: this.options.priorWeight };
    const architecture = drawNovelNear(this.ledger, () => sampleTpe(this.space, ranked, this.rng, settings), this.space, this.rng);
    return propose(this.ledger, trialId, architecture, undefined, 'BOHB, its mutations and uniform draws gave only networks proposed before: the space may be exhausted');
  }

  tell(trialId: string, observation: Observation): void {
    this.ledger.tell(trialId, observation);
    const points = pointsOf(observation);
    if (points.length > 0) this.points[trialId] = points;
  }

  snapshot(): BohbSnapshot<A> {
    const { type: _type, ...settings } = this.options;
    return { type: 'bohb', ...settings, rng: this.rng.state(), trials: this.ledger.snapshot(), points: copyJson(this.points) };
  }
}

/** `strategy.type: "bohb"`: `minPoints` (6), `randomFraction` (1/3, BOHB's rho), TPE's `candidates` and `priorWeight`. */
export const bohbStrategy: StrategyDefinition<BohbOptions> = {
  type: 'bohb',
  doc: "BOHB's sampler: TPE fitted on the largest budget (epochs) with enough results, a third of draws uniform",
  keys: ['minPoints', 'randomFraction', 'candidates', 'priorWeight'],
  readOptions: (s, r) => ({
    type: 'bohb',
    minPoints: r.int(s, 'minPoints', 'strategy.minPoints', 6, 2, 100_000),
    randomFraction: r.num(s, 'randomFraction', 'strategy.randomFraction', 1 / 3, (n) => n >= 0 && n <= 1, 'a number from 0 to 1'),
    candidates: r.int(s, 'candidates', 'strategy.candidates', TPE_DEFAULTS.candidates, 1, 10_000),
    priorWeight: r.num(s, 'priorWeight', 'strategy.priorWeight', TPE_DEFAULTS.priorWeight, (n) => n > 0, 'a number > 0'),
  }),
  create: (space, options, seed) => BohbSearch.create(space, options, seed),
  restore: (space, options, snapshot) => BohbSearch.restore(space, options, snapshot),
};
