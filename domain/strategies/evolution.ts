// Regularized (aging) evolution, Real et al. 2019, "Regularized Evolution for Image Classifier
// Architecture Search". The population is a queue: each new result joins at the back and the
// oldest member leaves at the front, whatever its score. Good architectures therefore survive
// only by being rediscovered by their offspring, which favours those that retrain well.
import type { Architecture, Observation, Proposal } from '../types';
import { Rng, type RngState } from '../rng';
import type { SearchSpace } from '../spaces/search-space';
import type { Strategy } from './strategy';
import type { SearchMemory, StrategyDefinition } from './definition';
import { MAX_NOVELTY_ATTEMPTS, type StrategyTrial, TrialLedger, drawNovel, propose } from './trials';
import { readRngState, readSnapshot, readTrials } from './snapshot-check';
import { tournament } from './tournament';
import { inheritMatching } from '../morphisms';

export interface EvolutionOptions {
  /** P: members kept in the population. */
  populationSize: number;
  /** S: members drawn for each parent tournament, 1 <= S <= P. */
  sampleSize: number;
  /** Lamarckian: a mutation's child starts from its parent's weights where its layers match. */
  lamarckian?: boolean;
}

export interface EvolutionSnapshot<A extends Architecture = Architecture> extends EvolutionOptions {
  type: 'evolution';
  rng: RngState;
  trials: StrategyTrial<A>[];
  /** Ids of the population, oldest first. */
  population: string[];
}

/** Returns the options when valid; throws naming `strategy.populationSize` / `strategy.sampleSize`. */
export function checkEvolutionOptions(options: { populationSize: unknown; sampleSize: unknown; lamarckian?: unknown }): EvolutionOptions {
  const { populationSize: p, sampleSize: s } = options;
  if (typeof p !== 'number' || !Number.isInteger(p) || p < 1) {
    throw new Error(`strategy.populationSize must be an integer >= 1, got ${JSON.stringify(p)}`);
  }
  if (typeof s !== 'number' || !Number.isInteger(s) || s < 1 || s > p) {
    throw new Error(`strategy.sampleSize must be an integer between 1 and strategy.populationSize (${p}), got ${JSON.stringify(s)}`);
  }
  return { populationSize: p, sampleSize: s, ...(options.lamarckian === true ? { lamarckian: true } : {}) };
}

export class RegularizedEvolution<A extends Architecture = Architecture> implements Strategy<EvolutionSnapshot<A>> {
  readonly type = 'evolution' as const;

  private constructor(
    private readonly space: SearchSpace<A>,
    readonly options: EvolutionOptions,
    private readonly rng: Rng,
    private readonly ledger: TrialLedger<A>,
    /** Trial ids, oldest first; every one was told with a value. */
    private readonly population: string[],
  ) {}

  static create<A extends Architecture>(space: SearchSpace<A>, options: EvolutionOptions, seed: number, memory?: SearchMemory): RegularizedEvolution<A> {
    return new RegularizedEvolution(space, checkEvolutionOptions(options), new Rng(seed), new TrialLedger<A>((a: A) => space.hash(a), [], memory), []);
  }

  /** From `snapshot()` output; throws if malformed or if a population member is invalid in `space`. */
  static restore<A extends Architecture>(space: SearchSpace<A>, snapshot: unknown, memory?: SearchMemory): RegularizedEvolution<A> {
    const s = readSnapshot(snapshot, 'evolution');
    const options = checkEvolutionOptions({ populationSize: s.populationSize, sampleSize: s.sampleSize, lamarckian: s.lamarckian });
    const ledger = new TrialLedger((a: A) => space.hash(a), readTrials<A>(s.trials, 'evolution snapshot.trials'), memory);
    if (!Array.isArray(s.population) || s.population.length > options.populationSize) {
      throw new Error(`evolution snapshot.population: expected at most ${options.populationSize} trial ids, got ${JSON.stringify(s.population)}`);
    }
    const population = s.population.map((id: unknown, i) => {
      const member = typeof id === 'string' ? ledger.get(id) : undefined;
      if (member?.observation?.value === undefined) {
        throw new Error(`evolution snapshot.population[${i}]: ${JSON.stringify(id)} is not a trial told with a value`);
      }
      const problems = space.validate(member.architecture);
      if (problems.length > 0) throw new Error(`evolution snapshot.population[${i}] ('${member.id}') is not valid in this space: ${problems.join('; ')}`);
      return member.id;
    });
    if (new Set(population).size !== population.length) throw new Error('evolution snapshot.population: duplicate trial ids');
    return new RegularizedEvolution(space, options, new Rng(readRngState(s.rng, 'evolution snapshot.rng')), ledger, population);
  }

  /**
   * While the population holds fewer than P members, a random sample (so failed trials do not
   * count towards the warm-up and the first tournament always sees P members); afterwards a
   * one-step mutation of the winner of a tournament of S members. Either way an exact repeat of
   * an earlier proposal is redrawn a bounded number of times (same parent, new mutation).
   */
  ask(trialId: string): Proposal<A> {
    this.ledger.checkNewId(trialId);
    if (this.population.length < this.options.populationSize) {
      const architecture = drawNovel(this.ledger, () => this.space.sample(this.rng));
      return propose(this.ledger, trialId, architecture);
    }
    const parent = this.selectParent();
    const architecture = drawNovel(this.ledger, () => this.space.mutate(parent.architecture, this.rng));
    const proposal = propose(this.ledger, trialId, architecture, parent.id, `no new mutation of '${parent.id}' in ${MAX_NOVELTY_ATTEMPTS} draws`);
    if (this.options.lamarckian !== true) return proposal;
    const weightMap = inheritMatching(this.space.compile(parent.architecture), this.space.compile(architecture));
    return { ...proposal, morphism: { operator: 'mutation', site: '', exact: false, weightMap } };
  }

  /**
   * A result with a value joins the population, pushing out the oldest member beyond P. So does
   * a duplicate of a network told earlier: aging evolution keeps good networks alive by
   * rediscovering them.
   */
  tell(trialId: string, observation: Observation): void {
    const trial = this.ledger.tell(trialId, observation);
    if (trial.observation?.value === undefined) return;
    this.population.push(trial.id);
    if (this.population.length > this.options.populationSize) this.population.shift();
  }

  snapshot(): EvolutionSnapshot<A> {
    return {
      type: 'evolution',
      ...this.options,
      rng: this.rng.state(),
      // Aging evolution reads only its population (at most P trials) and the untold trials; with
      // the search's memory for duplicates, the snapshot keeps just those.
      trials: this.ledger.snapshot(this.population),
      population: [...this.population],
    };
  }

  private selectParent(): StrategyTrial<A> {
    const members = this.population.map((id) => this.member(id));
    return tournament(members, this.options.sampleSize, this.rng, (m) => m.observation?.value ?? -Infinity).winner;
  }

  private member(id: string): StrategyTrial<A> {
    const trial = this.ledger.get(id);
    if (trial === undefined) throw new Error(`evolution: population member '${id}' is missing from the trial ledger`);
    return trial;
  }
}

export type EvolutionStrategyOptions = { type: 'evolution'; populationSize: number; sampleSize: number; lamarckian?: true };

/** `strategy.type: "evolution"` with `populationSize` (default 8) and `sampleSize` (default min(3, P)). */
export const evolutionStrategy: StrategyDefinition<EvolutionStrategyOptions> = {
  type: 'evolution',
  doc: 'regularized (aging) evolution: tournament of sampleSize among the last populationSize results, one-step mutation',
  keys: ['populationSize', 'sampleSize', 'lamarckian'],
  readOptions(s, r) {
    const populationSize = r.int(s, 'populationSize', 'strategy.populationSize', 8, 2);
    const sampleSize = r.int(s, 'sampleSize', 'strategy.sampleSize', Math.min(3, populationSize), 1);
    if (sampleSize > populationSize) {
      r.problems.push(`strategy.sampleSize: must not exceed strategy.populationSize (${populationSize}), got ${sampleSize}`);
    }
    const lamarckian = s.lamarckian ?? false;
    if (typeof lamarckian !== 'boolean') r.problems.push(`strategy.lamarckian: must be true or false, got ${JSON.stringify(lamarckian)}`);
    return { type: 'evolution', populationSize, sampleSize, ...(lamarckian === true ? { lamarckian: true } : {}) };
  },
  create: (space, o, seed, memory) =>
    RegularizedEvolution.create(space, { populationSize: o.populationSize, sampleSize: o.sampleSize, ...(o.lamarckian === true ? { lamarckian: true } : {}) }, seed, memory),
  restore(space, o, snapshot, memory) {
    const s = readSnapshot(snapshot, 'evolution');
    if ((s.lamarckian === true) !== (o.lamarckian === true)) throw new Error(`cannot restore evolution: the snapshot has lamarckian ${s.lamarckian === true}, the spec ${o.lamarckian === true}`);
    if (s.populationSize !== o.populationSize || s.sampleSize !== o.sampleSize) {
      throw new Error(
        `cannot restore evolution: the snapshot has populationSize ${JSON.stringify(s.populationSize)} and sampleSize ` +
          `${JSON.stringify(s.sampleSize)}, the spec ${o.populationSize} and ${o.sampleSize}`,
      );
    }
    return RegularizedEvolution.restore(space, snapshot, memory);
  },
};
