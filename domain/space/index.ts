// Builds a search space from its config spec (the `space:` section of a search config).
import type { ChainArchitecture } from '../types';
import type { SearchSpace } from './space';
import { ChainSpace, type ChainSpaceOptions } from './chain';

export type { SearchSpace } from './space';
export { ChainSpace, DEFAULT_CHAIN_SPACE_OPTIONS, type ChainSpaceOptions } from './chain';
export { chainShapes, chainOutputShape, type FeatureShape } from './chain-shape';
export { describeLayer } from './chain-describe';

/** One member per space family; later families widen this union. */
export type SpaceSpec = { type: 'chain' } & ChainSpaceOptions;

/** Throws on an unknown `space.type` (configs arrive untyped) or on invalid options. */
export function createSpace(spec: SpaceSpec): SearchSpace<ChainArchitecture> {
  switch (spec.type) {
    case 'chain':
      return new ChainSpace(spec);
    default:
      throw new Error(`space.type: unknown search space ${JSON.stringify((spec as { type?: unknown }).type)}, expected 'chain'`);
  }
}
