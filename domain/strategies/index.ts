// Builds and restores strategies from their config spec (the `strategy:` section).
import type { Architecture } from '../types';
import type { SearchSpace } from '../spaces/search-space';
import type { Strategy } from './strategy';
import { RandomSearch } from './random';
import { RegularizedEvolution } from './evolution';
import { readSnapshot } from './snapshot-check';

export type { Strategy } from './strategy';
export { RandomSearch, type RandomSearchSnapshot } from './random';
export { RegularizedEvolution, checkEvolutionOptions, type EvolutionOptions, type EvolutionSnapshot } from './evolution';
export { type StrategyTrial, MAX_NOVELTY_ATTEMPTS } from './trials';
export { tournament, type Tournament } from './tournament';

export type StrategySpec = { type: 'random' } | { type: 'evolution'; populationSize: number; sampleSize: number };

const unknownType = (spec: { type?: unknown }): Error =>
  new Error(`strategy.type: unknown strategy ${JSON.stringify(spec.type)}, expected 'random' or 'evolution'`);

/** A fresh strategy; throws on an unknown type (configs arrive untyped) or invalid options. */
export function createStrategy<A extends Architecture>(spec: StrategySpec, space: SearchSpace<A>, seed: number): Strategy {
  switch (spec.type) {
    case 'random':
      return RandomSearch.create(space, seed);
    case 'evolution':
      return RegularizedEvolution.create(space, { populationSize: spec.populationSize, sampleSize: spec.sampleSize }, seed);
    default:
      throw unknownType(spec);
  }
}

/**
 * The strategy a `snapshot()` was taken from, continuing exactly where it stopped. Throws when
 * the snapshot is of another strategy type or, for evolution, was taken with other options:
 * silently switching either would break the promise that a resumed search replays identically.
 */
export function restoreStrategy<A extends Architecture>(spec: StrategySpec, space: SearchSpace<A>, snapshot: unknown): Strategy {
  switch (spec.type) {
    case 'random':
      return RandomSearch.restore(space, snapshot);
    case 'evolution': {
      const s = readSnapshot(snapshot, 'evolution');
      if (s.populationSize !== spec.populationSize || s.sampleSize !== spec.sampleSize) {
        throw new Error(
          `cannot restore evolution: the snapshot has populationSize ${JSON.stringify(s.populationSize)} and sampleSize ` +
            `${JSON.stringify(s.sampleSize)}, the spec ${spec.populationSize} and ${spec.sampleSize}`,
        );
      }
      return RegularizedEvolution.restore(space, snapshot);
    }
    default:
      throw unknownType(spec);
  }
}
