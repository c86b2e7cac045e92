// Hill climbing with restarts: from a random start, evaluate the current network's neighbours
// (the space's one-change moves) in a seeded random order and move to the first one that beats
// it; when none does (a local optimum) or the neighbourhood is used up, restart from a fresh
// random draw. Greedy and cheap, a strong baseline where neighbours are informative (White et
// al. 2021, "Local search is state of the art for NAS benchmarks").
//
// Asks can come before the current network is told (a bracket asks several at once), so
// neighbours are proposed speculatively: they do not depend on the current network's value.
import type { Architecture, Observation, Proposal } from '../types';
import { Rng, type RngState } from '../rng';
import type { SearchSpace } from '../spaces/search-space';
import type { Strategy } from './strategy';
import type { StrategyDefinition } from './definition';
import { type StrategyTrial, TrialLedger, drawNovel, propose } from './trials';
import { readObject, readRngState, readSnapshot, readTrials } from './snapshot-check';
import { MORPHISM_CLIMB_KEYS, MorphismClimbing, readMorphismClimbOptions, type MorphismClimbOptions } from './morphism-climb';

/** Plain hill climbing, or with `morphisms: true` hill climbing with network morphisms (morphism-climb.ts). */
export type HillclimbOptions = { type: 'hillclimb' } | ({ type: 'hillclimb'; morphisms: true } & MorphismClimbOptions);

export interface HillclimbSnapshot<A extends Architecture = Architecture> {
  type: 'hillclimb';
  rng: RngState;
  trials: StrategyTrial<A>[];
  /** The climb's current network (a trial id), absent before the first ask. */
  current?: string;
  /** Indices into `neighbours(current)` still to propose, in the order they will be. */
  queue: number[];
  /** Trial ids that started a climb (the first and every restart). */
  starts: string[];
}

export class HillClimbing<A extends Architecture = Architecture> implements Strategy<HillclimbSnapshot<A>> {
  readonly type = 'hillclimb' as const;
  /** neighbours(current), cached: the queue indexes into it. */
  private cache: { id: string; neighbours: A[] } | undefined;

  private constructor(
    private readonly space: SearchSpace<A>,
    private readonly rng: Rng,
    private readonly ledger: TrialLedger<A>,
    private current: string | undefined,
    private queue: number[],
    private readonly starts: string[],
  ) {}

  static create<A extends Architecture>(space: SearchSpace<A>, seed: number): HillClimbing<A> {
    return new HillClimbing(space, new Rng(seed), new TrialLedger<A>((a: A) => space.hash(a)), undefined, [], []);
  }

  static restore<A extends Architecture>(space: SearchSpace<A>, snapshot: unknown): HillClimbing<A> {
    const s = readSnapshot(snapshot, 'hillclimb');
    const ledger = new TrialLedger((a: A) => space.hash(a), readTrials<A>(s.trials, 'hillclimb snapshot.trials'));
    const known = (id: unknown, where: string): string => {
      if (typeof id !== 'string' || ledger.get(id) === undefined) throw new Error(`${where}: ${JSON.stringify(id)} is not an asked trial`);
      return id;
    };
    const current = s.current === undefined ? undefined : known(s.current, 'hillclimb snapshot.current');
    if (!Array.isArray(s.queue) || !s.queue.every((i) => Number.isInteger(i) && i >= 0)) {
      throw new Error(`hillclimb snapshot.queue: expected neighbour indices, got ${JSON.stringify(s.queue)}`);
    }
    if (!Array.isArray(s.starts)) throw new Error(`hillclimb snapshot.starts: expected trial ids, got ${JSON.stringify(readObject(s, 'hillclimb snapshot').starts)}`);
    const starts = s.starts.map((id, i) => known(id, `hillclimb snapshot.starts[${i}]`));
    return new HillClimbing(space, new Rng(readRngState(s.rng, 'hillclimb snapshot.rng')), ledger, current, [...(s.queue as number[])], starts);
  }

  ask(trialId: string): Proposal<A> {
    this.ledger.checkNewId(trialId);
    if (this.current !== undefined && this.ledger.get(this.current)?.observation?.state === 'failed') this.current = undefined;
    while (this.current !== undefined && this.queue.length > 0) {
      const next = this.neighbours()[this.queue.shift() as number];
      // A neighbour proposed earlier (by another climb) is already known: skip it.
      if (!this.ledger.hasProposed(next)) return propose(this.ledger, trialId, next, this.current);
    }
    return this.restart(trialId);
  }

  /**
   * A told neighbour of the current network that beats it becomes the current one (first
   * improvement). When the current network's own value arrives, the best of its neighbours
   * told so far is compared with it the same way.
   */
  tell(trialId: string, observation: Observation): void {
    const trial = this.ledger.tell(trialId, observation);
    if (this.current === undefined) return;
    const here = this.ledger.get(this.current) as StrategyTrial<A>;
    const base = here.observation?.value;
    if (base === undefined) return;
    if (trial.id === this.current) {
      const better = this.ledger.all().filter((t) => t.parentId === this.current && this.valueOf(t) > base);
      const best = better.reduce<StrategyTrial<A> | undefined>((b, t) => (b === undefined || this.valueOf(t) > this.valueOf(b) ? t : b), undefined);
      if (best !== undefined) this.moveTo(best.id);
    } else if (trial.parentId === this.current && this.valueOf(trial) > base) {
      this.moveTo(trial.id);
    }
  }

  snapshot(): HillclimbSnapshot<A> {
    return {
      type: 'hillclimb',
      rng: this.rng.state(),
      trials: this.ledger.snapshot(),
      ...(this.current !== undefined ? { current: this.current } : {}),
      queue: [...this.queue],
      starts: [...this.starts],
    };
  }

  private valueOf(t: StrategyTrial<A>): number {
    return t.observation?.value ?? -Infinity;
  }

  private restart(trialId: string): Proposal<A> {
    const architecture = drawNovel(this.ledger, () => this.space.sample(this.rng));
    const proposal = propose(this.ledger, trialId, architecture);
    this.starts.push(trialId);
    this.moveTo(trialId);
    return proposal;
  }

  /** Makes `id` the current network and queues its neighbours in a seeded random order. */
  private moveTo(id: string): void {
    this.current = id;
    const order = this.neighbours().map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = this.rng.int(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    this.queue = order;
  }

  private neighbours(): A[] {
    const id = this.current as string;
    if (this.cache?.id !== id) this.cache = { id, neighbours: this.space.neighbours((this.ledger.get(id) as StrategyTrial<A>).architecture) };
    return this.cache.neighbours;
  }
}

/** `strategy.type: "hillclimb"`: no options. */
export const hillclimbStrategy: StrategyDefinition<HillclimbOptions> = {
  type: 'hillclimb',
  doc: 'greedy moves to better neighbours (first improvement), restarting from a random draw at a local optimum; with morphisms: true, NASH (children by network morphisms that inherit their parent\'s weights)',
  keys: MORPHISM_CLIMB_KEYS,
  readOptions: (section, r) => {
    const morphisms = section.morphisms ?? false;
    if (typeof morphisms !== 'boolean') r.problems.push(`strategy.morphisms: must be true or false, got ${JSON.stringify(morphisms)}`);
    if (morphisms === true) return { type: 'hillclimb', morphisms: true, ...readMorphismClimbOptions(section, r) };
    for (const key of MORPHISM_CLIMB_KEYS) {
      if (key !== 'morphisms' && section[key] !== undefined) r.problems.push(`strategy.${key}: only applies with strategy.morphisms: true; set it or remove ${key}`);
    }
    return { type: 'hillclimb' };
  },
  create: (space, options, seed) => ('morphisms' in options ? MorphismClimbing.create(space, options, seed) : HillClimbing.create(space, seed)),
  restore: (space, options, snapshot) => ('morphisms' in options ? MorphismClimbing.restore(space, options, snapshot) : HillClimbing.restore(space, snapshot)),
};
