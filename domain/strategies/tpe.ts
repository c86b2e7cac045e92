// Bayesian optimisation with tree-structured Parzen estimators (Bergstra et al. 2011) over the
// space's conditional choice sequence, with Optuna's TPESampler defaults: random draws until
// `startupTrials` results are in, then every decision from tpe-sampler.ts.
import type { Architecture, Observation, Proposal } from '../types';
import { Rng, type RngState } from '../rng';
import type { SearchSpace } from '../spaces/search-space';
import type { Strategy } from './strategy';
import type { StrategyDefinition } from './definition';
import { type StrategyTrial, TrialLedger, drawNovel, drawNovelNear, propose } from './trials';
import { readRngState, readSnapshot, readTrials } from './snapshot-check';
import { TPE_DEFAULTS, tpeObservation, tpeSampler, type TpeObservation } from './tpe-sampler';

export type TpeOptions = { type: 'tpe'; startupTrials: number; candidates: number; priorWeight: number };

export interface TpeSnapshot<A extends Architecture = Architecture> extends Omit<TpeOptions, 'type'> {
  type: 'tpe';
  rng: RngState;
  trials: StrategyTrial<A>[];
}

/**
 * Optuna's order for a single objective: complete trials by value, then pruned ones by the
 * fidelity they reached and their value there (a trial pruned later got further). Ties keep
 * trial order. Failed trials and duplicates (their network is counted once, by its original)
 * are left out.
 */
export function rankForTpe<A extends Architecture>(trials: readonly StrategyTrial<A>[]): StrategyTrial<A>[] {
  const usable = trials.filter((t) => t.observation?.value !== undefined && t.observation.state !== 'duplicate');
  const tier = (t: StrategyTrial<A>): number => (t.observation?.state === 'complete' ? 1 : 0);
  return usable
    .map((t, i) => ({ t, i }))
    .sort((a, b) => {
      const [x, y] = [a.t.observation as Observation, b.t.observation as Observation];
      return tier(b.t) - tier(a.t) || (y.epochs ?? 0) - (x.epochs ?? 0) || (y.value as number) - (x.value as number) || a.i - b.i;
    })
    .map(({ t }) => t);
}

export class TpeSearch<A extends Architecture = Architecture> implements Strategy<TpeSnapshot<A>> {
  readonly type = 'tpe' as const;
  /** Decisions read off each trial's architecture; derived data, rebuilt after restore. */
  private readonly observations = new Map<string, TpeObservation>();

  private constructor(
    private readonly space: SearchSpace<A>,
    readonly options: TpeOptions,
    private readonly rng: Rng,
    private readonly ledger: TrialLedger<A>,
  ) {}

  static create<A extends Architecture>(space: SearchSpace<A>, options: TpeOptions, seed: number): TpeSearch<A> {
    return new TpeSearch(space, checkTpeOptions(options), new Rng(seed), new TrialLedger<A>((a: A) => space.hash(a)));
  }

  static restore<A extends Architecture>(space: SearchSpace<A>, options: TpeOptions, snapshot: unknown): TpeSearch<A> {
    const s = readSnapshot(snapshot, 'tpe');
    for (const key of ['startupTrials', 'candidates', 'priorWeight'] as const) {
      if (s[key] !== options[key]) {
        throw new Error(`cannot restore tpe: the snapshot has ${key} ${JSON.stringify(s[key])}, the spec ${options[key]}`);
      }
    }
    const ledger = new TrialLedger((a: A) => space.hash(a), readTrials<A>(s.trials, 'tpe snapshot.trials'));
    return new TpeSearch(space, checkTpeOptions(options), new Rng(readRngState(s.rng, 'tpe snapshot.rng')), ledger);
  }

  ask(trialId: string): Proposal<A> {
    this.ledger.checkNewId(trialId);
    const ranked = rankForTpe(this.ledger.all());
    if (ranked.length < this.options.startupTrials) {
      return propose(this.ledger, trialId, drawNovel(this.ledger, () => this.space.sample(this.rng)));
    }
    const observations = ranked.map((t) => this.observation(t));
    const settings = { candidates: this.options.candidates, priorWeight: this.options.priorWeight };
    const sample = tpeSampler(this.space, observations, settings);
    const architecture = drawNovelNear(this.ledger, () => sample(this.rng), this.space, this.rng);
    return propose(this.ledger, trialId, architecture, undefined, 'TPE, its mutations and uniform draws gave only networks proposed before: the space may be exhausted');
  }

  tell(trialId: string, observation: Observation): void {
    this.ledger.tell(trialId, observation);
  }

  /**
   * Every trial, with its observation: TPE fits its densities l(x) and g(x) to all results, so
   * forgetting any would change its next proposals (it does not take the search's memory; see
   * SearchMemory). This grows by ~460 bytes a trial in every continueAsNew payload (chain
   * space, measured 2026-12-01), which bounds TPE searches to ~4,000 trials under Temporal's 2 MB
   * limit; a bounded
   * window (the best and the latest results) would lift that, as a new, versioned behaviour.
   */
  snapshot(): TpeSnapshot<A> {
    const { type: _type, ...settings } = this.options;
    return { type: 'tpe', ...settings, rng: this.rng.state(), trials: this.ledger.snapshot() };
  }

  private observation(t: StrategyTrial<A>): TpeObservation {
    let o = this.observations.get(t.id);
    if (o === undefined) {
      o = tpeObservation(this.space, t.architecture, this.ledger.indexOf(t.id));
      this.observations.set(t.id, o);
    }
    return o;
  }
}

function checkTpeOptions(o: TpeOptions): TpeOptions {
  if (!Number.isInteger(o.startupTrials) || o.startupTrials < 0) throw new Error(`strategy.startupTrials must be an integer >= 0, got ${JSON.stringify(o.startupTrials)}`);
  if (!Number.isInteger(o.candidates) || o.candidates < 1) throw new Error(`strategy.candidates must be an integer >= 1, got ${JSON.stringify(o.candidates)}`);
  if (typeof o.priorWeight !== 'number' || !(o.priorWeight > 0)) throw new Error(`strategy.priorWeight must be a number > 0, got ${JSON.stringify(o.priorWeight)}`);
  return { type: 'tpe', startupTrials: o.startupTrials, candidates: o.candidates, priorWeight: o.priorWeight };
}

/** `strategy.type: "tpe"`: `startupTrials` (10), `candidates` (24), `priorWeight` (1), Optuna's defaults. */
export const tpeStrategy: StrategyDefinition<TpeOptions> = {
  type: 'tpe',
  doc: 'tree-structured Parzen estimators over the choice sequence (Optuna defaults)',
  keys: ['startupTrials', 'candidates', 'priorWeight'],
  readOptions: (s, r) => ({
    type: 'tpe',
    startupTrials: r.int(s, 'startupTrials', 'strategy.startupTrials', 10, 0, 100_000),
    candidates: r.int(s, 'candidates', 'strategy.candidates', TPE_DEFAULTS.candidates, 1, 10_000),
    priorWeight: r.num(s, 'priorWeight', 'strategy.priorWeight', TPE_DEFAULTS.priorWeight, (n) => n > 0, 'a number > 0'),
  }),
  create: (space, options, seed) => TpeSearch.create(space, options, seed),
  restore: (space, options, snapshot) => TpeSearch.restore(space, options, snapshot),
};
