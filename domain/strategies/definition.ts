// A search strategy as the config and the engine see it: a `strategy.type`, an option reader
// that fills defaults and reports problems naming `strategy.<key>`, a factory and a restore.
// One object per strategy file, registered by one line in register-all.ts.
import type { ConfigReader, Json } from '../config/reader';
import type { SearchSpace } from '../spaces/search-space';
import type { Strategy } from './strategy';
import type { Objective } from './objectives';

/**
 * What the search itself remembers for its strategy (the engine's index of evaluated networks,
 * domain/search/archive.ts). A strategy given one leaves duplicate avoidance of settled trials
 * to it and keeps in its snapshot only the trials its next decisions read, so the snapshot
 * (part of every continueAsNew payload) stops growing with the search. Absent for searches
 * started before (patch 'compact-state') and in tests of a strategy on its own.
 */
export interface SearchMemory {
  /** Whether a network with this canonical hash (space.hash) was proposed in this search. */
  proposed(hash: string): boolean;
}

/** A strategy's resolved options: JSON tagged with its type (they live in the search config). */
export type StrategyOptions = { type: string } & Json;

export interface StrategyDefinition<O extends StrategyOptions = StrategyOptions> {
  readonly type: O['type'];
  /** One line for the README and error messages. */
  readonly doc: string;
  /** The option keys besides `type`; others are refused, naming the strategy that uses them. */
  readonly keys: readonly string[];
  /**
   * Reads the `strategy` section (its `type` is this one's) into options with every default
   * filled in. Problems go on `r`, each naming its `strategy.<key>` and the fix; the result is
   * then still well-formed (defaults stand in for bad values) but must not be used.
   */
  readOptions(section: Json, r: ConfigReader): O;
  /**
   * A fresh strategy seeded with `seed`; throws on options readOptions would refuse. With
   * `memory`, it may keep compact snapshots (see SearchMemory); its decisions must not change.
   */
  create(space: SearchSpace, options: O, seed: number, memory?: SearchMemory): Strategy;
  /**
   * The strategy a `snapshot()` (possibly after a JSON round trip) was taken from, continuing
   * exactly where it stopped. Throws when the snapshot is malformed, of another type, or was
   * taken with other options: silently switching would break replay of a resumed search.
   */
  restore(space: SearchSpace, options: O, snapshot: unknown, memory?: SearchMemory): Strategy;
  /**
   * For a multi-objective strategy: the objectives its options declare. The search result and
   * progress then show the Pareto front of the completed trials under them.
   */
  objectives?(options: O): Objective[];
}
