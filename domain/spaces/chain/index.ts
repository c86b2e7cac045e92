// The chain family: `space.type: "chain"`.
import type { SpaceFamily } from '../family';
import type { ChainArchitecture } from './types';
import { ChainSpace } from './space';
import { readChainOptions, type ChainConfigOptions } from './options';

export const chainFamily: SpaceFamily<ChainConfigOptions, ChainArchitecture> = {
  type: 'chain',
  doc: 'chain nets: up to maxLayers layers in order (conv, sepconv, dilconv, max/avg pool, dense), each with its own hyperparameters',
  readOptions: readChainOptions,
  create: (options) => new ChainSpace(options),
};

export { ChainSpace } from './space';
export { DEFAULT_CHAIN_SPACE_OPTIONS, type ChainSpaceOptions, type ResolvedChainSpaceOptions } from './options';
export type { ChainArchitecture, ChainLayer, ChainOp } from './types';
export { describeLayer, describeChain } from './describe';
export { compileChain } from './compile';
