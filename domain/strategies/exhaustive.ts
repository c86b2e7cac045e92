// Exhaustive search: every distinct network of the space, once each, in the fixed odometer
// order of domain/spaces/enumerate.ts. It ignores results and seeds; it exists to evaluate a
// whole (small) space, as the tabular benchmark's builder does. `offset` skips the first
// distinct networks, so a space can be evaluated in pieces by several searches.
import type { Architecture, Observation, Proposal } from '../types';
import type { SearchSpace } from '../spaces/search-space';
import type { ChoiceValue } from '../spaces/choices';
import { nextSequence } from '../spaces/enumerate';
import type { Strategy } from './strategy';
import type { StrategyDefinition } from './definition';
import { type StrategyTrial, TrialLedger, propose } from './trials';
import { readSnapshot, readTrials } from './snapshot-check';

export interface ExhaustiveSnapshot<A extends Architecture = Architecture> {
  type: 'exhaustive';
  /** The last answer sequence visited; null before the first. */
  cursor: ChoiceValue[] | null;
  /** Canonical hashes of every network met so far, skipped ones included, in order. */
  seen: string[];
  trials: StrategyTrial<A>[];
}

export type ExhaustiveOptions = { type: 'exhaustive'; offset: number };

const EXHAUSTED = 'every network of the space has been proposed: the exhaustive enumeration is complete';

export class ExhaustiveSearch<A extends Architecture = Architecture> implements Strategy<ExhaustiveSnapshot<A>> {
  readonly type = 'exhaustive' as const;

  private constructor(
    private readonly space: SearchSpace<A>,
    private cursor: ChoiceValue[] | undefined,
    private readonly seen: string[],
    private readonly seenSet: Set<string>,
    private readonly ledger: TrialLedger<A>,
  ) {}

  /** Walks past the first `offset` distinct networks (one decode and hash per sequence on the way). */
  static create<A extends Architecture>(space: SearchSpace<A>, offset = 0): ExhaustiveSearch<A> {
    const s = new ExhaustiveSearch(space, undefined, [], new Set(), new TrialLedger<A>((a: A) => space.hash(a)));
    for (let i = 0; i < offset && s.nextNew() !== undefined; i++);
    return s;
  }

  static restore<A extends Architecture>(space: SearchSpace<A>, snapshot: unknown): ExhaustiveSearch<A> {
    const s = readSnapshot(snapshot, 'exhaustive');
    const cursor = s.cursor;
    if (cursor !== null && !(Array.isArray(cursor) && cursor.every((v) => ['string', 'number', 'boolean'].includes(typeof v)))) {
      throw new Error(`exhaustive snapshot.cursor: expected null or a list of choice values, got ${JSON.stringify(cursor)}`);
    }
    if (!Array.isArray(s.seen) || !s.seen.every((h) => typeof h === 'string')) {
      throw new Error(`exhaustive snapshot.seen: expected a list of hashes, got ${JSON.stringify(s.seen)}`);
    }
    const seen = [...(s.seen as string[])];
    const ledger = new TrialLedger((a: A) => space.hash(a), readTrials<A>(s.trials, 'exhaustive snapshot.trials'));
    return new ExhaustiveSearch(space, cursor === null ? undefined : [...(cursor as ChoiceValue[])], seen, new Set(seen), ledger);
  }

  /** The next network not met before; once the space is exhausted, the first one again, saying why. */
  ask(trialId: string): Proposal<A> {
    this.ledger.checkNewId(trialId);
    const next = this.nextNew();
    if (next !== undefined) return propose(this.ledger, trialId, next);
    // Nothing new is left (or `offset` skipped past the end): repeat the first network, and say
    // so even when this search never proposed it, since the enumeration is over either way.
    const first = this.ledger.snapshot()[0]?.architecture ?? this.space.decode(nextSequence(this.space, undefined) as ChoiceValue[]);
    return { ...propose(this.ledger, trialId, first), repeatReason: EXHAUSTED };
  }

  tell(trialId: string, observation: Observation): void {
    this.ledger.tell(trialId, observation);
  }

  snapshot(): ExhaustiveSnapshot<A> {
    return { type: 'exhaustive', cursor: this.cursor === undefined ? null : [...this.cursor], seen: [...this.seen], trials: this.ledger.snapshot() };
  }

  private nextNew(): A | undefined {
    for (let seq = nextSequence(this.space, this.cursor); seq !== undefined; seq = nextSequence(this.space, seq)) {
      this.cursor = seq;
      const architecture = this.space.decode(seq);
      const hash = this.space.hash(architecture);
      if (this.seenSet.has(hash)) continue;
      this.seenSet.add(hash);
      this.seen.push(hash);
      return architecture;
    }
    // The cursor stays on the last sequence, so asking again stays cheap and stays exhausted.
    return undefined;
  }
}

/** `strategy.type: "exhaustive"`: `offset` distinct networks to skip (default 0). */
export const exhaustiveStrategy: StrategyDefinition<ExhaustiveOptions> = {
  type: 'exhaustive',
  doc: 'every distinct network of the space once, in a fixed order (for small spaces; offset skips the first ones)',
  keys: ['offset'],
  readOptions: (s, r) => ({ type: 'exhaustive', offset: r.int(s, 'offset', 'strategy.offset', 0, 0) }),
  create: (space, o) => ExhaustiveSearch.create(space, o.offset),
  restore: (space, _o, snapshot) => ExhaustiveSearch.restore(space, snapshot),
};
