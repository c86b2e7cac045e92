// Multi-objective search in the manner of LEMONADE (Elsken et al. 2019): keep the Pareto front
// of the results under the declared objectives (by default validation accuracy up, parameters
// down) and mutate parents drawn from it with probability inversely proportional to their
// density on the front, so sparsely covered trade-offs get explored rather than the crowded
// ones. Random draws until `initialTrials` results have every objective.
import type { Architecture, Observation, Proposal } from '../types';
import { Rng, type RngState } from '../rng';
import type { SearchSpace } from '../spaces/search-space';
import type { Strategy } from './strategy';
import type { StrategyDefinition } from './definition';
import { type StrategyTrial, TrialLedger, drawNovel, propose } from './trials';
import { readRngState, readSnapshot, readTrials } from './snapshot-check';
import { type Objective, objectiveValues, paretoFront, readObjectives } from './objectives';
import { canonicalJson } from '../json';

export type ParetoOptions = { type: 'pareto'; objectives: Objective[]; initialTrials: number; bandwidth: number };

export interface ParetoSnapshot<A extends Architecture = Architecture> extends Omit<ParetoOptions, 'type'> {
  type: 'pareto';
  rng: RngState;
  trials: StrategyTrial<A>[];
}

/**
 * Density of each point among `points` by a Gaussian kernel (bandwidth `h`) on objectives
 * scaled to [0, 1] over the points; every point counts itself, so densities are >= 1.
 */
export function frontDensities(points: readonly number[][], h: number): number[] {
  const d = points[0]?.length ?? 0;
  const lo = Array.from({ length: d }, (_, k) => Math.min(...points.map((p) => p[k])));
  const hi = Array.from({ length: d }, (_, k) => Math.max(...points.map((p) => p[k])));
  const scaled = points.map((p) => p.map((x, k) => (hi[k] > lo[k] ? (x - lo[k]) / (hi[k] - lo[k]) : 0)));
  return scaled.map((p) => scaled.reduce((sum, q) => sum + Math.exp(-p.reduce((s, x, k) => s + (x - q[k]) ** 2, 0) / (2 * h * h)), 0));
}

export class ParetoSearch<A extends Architecture = Architecture> implements Strategy<ParetoSnapshot<A>> {
  readonly type = 'pareto' as const;

  private constructor(
    private readonly space: SearchSpace<A>,
    readonly options: ParetoOptions,
    private readonly rng: Rng,
    private readonly ledger: TrialLedger<A>,
  ) {}

  static create<A extends Architecture>(space: SearchSpace<A>, options: ParetoOptions, seed: number): ParetoSearch<A> {
    return new ParetoSearch(space, checkParetoOptions(options), new Rng(seed), new TrialLedger<A>((a: A) => space.hash(a)));
  }

  static restore<A extends Architecture>(space: SearchSpace<A>, options: ParetoOptions, snapshot: unknown): ParetoSearch<A> {
    const s = readSnapshot(snapshot, 'pareto');
    for (const key of ['objectives', 'initialTrials', 'bandwidth'] as const) {
      if (canonicalJson(s[key]) !== canonicalJson(options[key])) {
        throw new Error(`cannot restore pareto: the snapshot has ${key} ${JSON.stringify(s[key])}, the spec ${JSON.stringify(options[key])}`);
      }
    }
    const ledger = new TrialLedger((a: A) => space.hash(a), readTrials<A>(s.trials, 'pareto snapshot.trials'));
    return new ParetoSearch(space, checkParetoOptions(options), new Rng(readRngState(s.rng, 'pareto snapshot.rng')), ledger);
  }

  ask(trialId: string): Proposal<A> {
    this.ledger.checkNewId(trialId);
    const measured = this.measured();
    if (measured.length < this.options.initialTrials) {
      return propose(this.ledger, trialId, drawNovel(this.ledger, () => this.space.sample(this.rng)));
    }
    const parent = this.pickParent(measured);
    const architecture = drawNovel(this.ledger, () => this.space.mutate(parent.architecture, this.rng));
    return propose(this.ledger, trialId, architecture, parent.id, `no new mutation of front member '${parent.id}' found`);
  }

  tell(trialId: string, observation: Observation): void {
    this.ledger.tell(trialId, observation);
  }

  snapshot(): ParetoSnapshot<A> {
    const { type: _type, ...settings } = this.options;
    return { type: 'pareto', ...(JSON.parse(JSON.stringify(settings)) as typeof settings), rng: this.rng.state(), trials: this.ledger.snapshot() };
  }

  /** The current front among complete results (all measured ones while none is complete), in trial order. */
  front(): { trial: StrategyTrial<A>; values: number[] }[] {
    const measured = this.measured();
    const complete = measured.filter((m) => m.trial.observation?.state === 'complete');
    const pool = complete.length > 0 ? complete : measured;
    return paretoFront(pool, (m) => m.values, this.options.objectives);
  }

  /** Results with every objective measured; duplicates repeat their original and are left out. */
  private measured(): { trial: StrategyTrial<A>; values: number[] }[] {
    return this.ledger.all().flatMap((trial) => {
      const o = trial.observation;
      if (o === undefined || o.state === 'duplicate' || o.value === undefined) return [];
      const values = objectiveValues(o, this.options.objectives);
      return values === undefined ? [] : [{ trial, values }];
    });
  }

  /** A front member drawn with probability proportional to 1 / its density on the front. */
  private pickParent(measured: { trial: StrategyTrial<A>; values: number[] }[]): StrategyTrial<A> {
    const front = this.front();
    const members = front.length > 0 ? front : measured;
    const weights = frontDensities(members.map((m) => m.values), this.options.bandwidth).map((d) => 1 / d);
    let u = this.rng.next() * weights.reduce((s, w) => s + w, 0);
    for (let i = 0; i < members.length; i++) {
      u -= weights[i];
      if (u < 0) return members[i].trial;
    }
    return members[members.length - 1].trial;
  }
}

function checkParetoOptions(o: ParetoOptions): ParetoOptions {
  if (!Array.isArray(o.objectives) || o.objectives.length < 2) throw new Error(`strategy.objectives must list at least two objectives, got ${JSON.stringify(o.objectives)}`);
  if (!Number.isInteger(o.initialTrials) || o.initialTrials < 1) throw new Error(`strategy.initialTrials must be an integer >= 1, got ${JSON.stringify(o.initialTrials)}`);
  if (typeof o.bandwidth !== 'number' || !(o.bandwidth > 0)) throw new Error(`strategy.bandwidth must be a number > 0, got ${JSON.stringify(o.bandwidth)}`);
  return { type: 'pareto', objectives: o.objectives.map((x) => ({ metric: x.metric, direction: x.direction })), initialTrials: o.initialTrials, bandwidth: o.bandwidth };
}

/**
 * `strategy.type: "pareto"`: `objectives` (validation accuracy maximised, params minimised),
 * `initialTrials` (8) random draws, `bandwidth` (0.2) of the density kernel on scaled objectives.
 */
export const paretoStrategy: StrategyDefinition<ParetoOptions> = {
  type: 'pareto',
  doc: 'multi-objective (LEMONADE-style): mutate Pareto-front members drawn by inverse density',
  keys: ['objectives', 'initialTrials', 'bandwidth'],
  readOptions: (s, r) => ({
    type: 'pareto',
    objectives: readObjectives(s, r),
    initialTrials: r.int(s, 'initialTrials', 'strategy.initialTrials', 8, 1, 100_000),
    bandwidth: r.num(s, 'bandwidth', 'strategy.bandwidth', 0.2, (n) => n > 0 && n <= 10, 'a number in (0, 10]'),
  }),
  objectives: (options) => options.objectives,
  create: (space, options, seed) => ParetoSearch.create(space, options, seed),
  restore: (space, options, snapshot) => ParetoSearch.restore(space, options, snapshot),
};
