// The hierarchical family: `space.type: "hierarchical"` (Liu et al. 2018b).
import type { SpaceFamily } from '../family';
import type { HierarchicalArchitecture } from './types';
import { HierarchicalSpace } from './space';
import { readHierarchicalOptions, type HierarchicalConfigOptions } from './options';

export const hierarchicalFamily: SpaceFamily<HierarchicalConfigOptions, HierarchicalArchitecture> = {
  type: 'hierarchical',
  doc: 'hierarchical cells (Liu et al. 2018b): level-2 motifs are small DAGs over primitive operations, the cell is a DAG over the motifs, stacked in a macro skeleton',
  readOptions: readHierarchicalOptions,
  create: ({ type: _type, ...options }) => new HierarchicalSpace(options),
};

export { HierarchicalSpace } from './space';
export { compileHierarchical } from './compile';
export { describeHierarchical } from './describe';
export { DEFAULT_HIERARCHICAL_SPACE_OPTIONS, PRIMITIVES, type HierarchicalConfigOptions, type HierarchicalMacroSettings, type HierarchicalSpaceOptions } from './options';
export { NONE, type HierarchicalArchitecture, type Level2Motif, type Level3Motif } from './types';
