// The multibranch family: `space.type: "multibranch"` (chains with residual and dense skips).
import type { SpaceFamily } from '../family';
import type { MultibranchArchitecture } from './types';
import { MultibranchSpace } from './space';
import { readMultibranchOptions, type MultibranchConfigOptions } from './options';

export const multibranchFamily: SpaceFamily<MultibranchConfigOptions, MultibranchArchitecture> = {
  type: 'multibranch',
  doc: 'chains whose spatial layers may also read earlier outputs, merged by sum (residual, equal shapes) or concatenation (DenseNet, equal resolution)',
  readOptions: readMultibranchOptions,
  create: ({ type: _type, ...options }) => new MultibranchSpace(options),
};

export { MultibranchSpace } from './space';
export { compileMultibranch } from './compile';
export { describeMultibranch } from './describe';
export type { MultibranchConfigOptions, MultibranchSpaceOptions, ResolvedMultibranchOptions } from './options';
export type { MultibranchArchitecture, MultibranchLayer } from './types';
