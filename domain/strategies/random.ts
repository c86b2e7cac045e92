// Random search: every trial is an independent draw from the space. The baseline any smarter
// strategy has to beat, and surprisingly hard to beat in small spaces.
import type { Architecture, Observation, Proposal } from '../types';
import { Rng, type RngState } from '../rng';
import type { SearchSpace } from '../spaces/search-space';
import type { Strategy } from './strategy';
import type { SearchMemory, StrategyDefinition } from './definition';
import { type StrategyTrial, TrialLedger, drawNovel, propose } from './trials';
import { readRngState, readSnapshot, readTrials } from './snapshot-check';

export interface RandomSearchSnapshot<A extends Architecture = Architecture> {
  type: 'random';
  rng: RngState;
  /**
   * Asked trials in ask order. Observations do not steer random search, but the architectures
   * do (duplicates are avoided), and keeping the record makes restore exact. With the search's
   * memory (SearchMemory), only trials not told yet: the memory knows the networks proposed,
   * which is all random search needs of the others, so the snapshot does not grow.
   */
  trials: StrategyTrial<A>[];
}

export class RandomSearch<A extends Architecture = Architecture> implements Strategy<RandomSearchSnapshot<A>> {
  readonly type = 'random' as const;

  private constructor(
    private readonly space: SearchSpace<A>,
    private readonly rng: Rng,
    private readonly ledger: TrialLedger<A>,
  ) {}

  static create<A extends Architecture>(space: SearchSpace<A>, seed: number, memory?: SearchMemory): RandomSearch<A> {
    return new RandomSearch(space, new Rng(seed), new TrialLedger<A>((a: A) => space.hash(a), [], memory));
  }

  /** From `snapshot()` output, possibly after a JSON round trip; throws if it is malformed. */
  static restore<A extends Architecture>(space: SearchSpace<A>, snapshot: unknown, memory?: SearchMemory): RandomSearch<A> {
    const s = readSnapshot(snapshot, 'random');
    const rng = new Rng(readRngState(s.rng, 'random snapshot.rng'));
    return new RandomSearch(space, rng, new TrialLedger((a: A) => space.hash(a), readTrials<A>(s.trials, 'random snapshot.trials'), memory));
  }

  /** A fresh sample; an exact repeat of an earlier proposal is redrawn a bounded number of times. */
  ask(trialId: string): Proposal<A> {
    this.ledger.checkNewId(trialId);
    const architecture = drawNovel(this.ledger, () => this.space.sample(this.rng));
    return propose(this.ledger, trialId, architecture);
  }

  tell(trialId: string, observation: Observation): void {
    this.ledger.tell(trialId, observation);
  }

  snapshot(): RandomSearchSnapshot<A> {
    return { type: 'random', rng: this.rng.state(), trials: this.ledger.snapshot() };
  }
}

/** `strategy.type: "random"`: no options. */
export const randomStrategy: StrategyDefinition<{ type: 'random' }> = {
  type: 'random',
  doc: 'independent uniform draws from the space (the baseline)',
  keys: [],
  readOptions: () => ({ type: 'random' }),
  create: (space, _options, seed, memory) => RandomSearch.create(space, seed, memory),
  restore: (space, _options, snapshot, memory) => RandomSearch.restore(space, snapshot, memory),
};
