// Options of the hierarchical space: the primitives and the sizes of each level (the genotype),
// the merge of a motif node's inputs, and the macro skeleton, with defaults sized for small MNIST
// runs. Problems name the `space.*` key.
import { ConfigReader, type Json } from '../../config/reader';
import { CONV_ORDERS, type ConvOrder } from '../../ops';
import { EDGE_OPS, type EdgeOp } from '../edge-ops';

/** Every edge operation but 'zero', whose role the motifs' 'none' plays. */
export const PRIMITIVES = EDGE_OPS.filter((op) => op !== 'zero');

export const MOTIF_MERGES = ['sum', 'concat'] as const;
export type MotifMerge = (typeof MOTIF_MERGES)[number];

export type HierarchicalMacroSettings = {
  /** Channels C of the stem and of every cell of the first stack; doubled by each reduction. */
  initialFilters: number;
  /** Stacks of cells; between two, a 3x3 separable convolution with stride 2 doubles the filters. */
  stacks: number;
  cellsPerStack: number;
  /** Where ReLU and batch norm sit around every convolution. */
  order: ConvOrder;
  /** How a motif node merges several inputs: sum, or concatenation followed by a 1x1 convolution back to C channels. */
  merge: MotifMerge;
};

export type HierarchicalSpaceOptions = HierarchicalMacroSettings & {
  /** Level-1 operations the level-2 motifs' edges may carry. */
  primitives: EdgeOp[];
  /** Level-2 motifs (the level-3 motif's edges choose among them). */
  motifs: number;
  /** Nodes of each level-2 motif, input and output included. */
  motifNodes: number;
  /** Nodes of the level-3 motif (the cell), input and output included. */
  cellNodes: number;
};

export type HierarchicalConfigOptions = { type: 'hierarchical' } & HierarchicalSpaceOptions;

export const DEFAULT_HIERARCHICAL_SPACE_OPTIONS: Readonly<HierarchicalSpaceOptions> = Object.freeze({
  primitives: ['conv1', 'conv3', 'sepconv3', 'maxpool3', 'avgpool3', 'identity'] as EdgeOp[],
  motifs: 3,
  motifNodes: 4,
  cellNodes: 4,
  merge: 'sum',
  initialFilters: 8,
  stacks: 2,
  cellsPerStack: 1,
  order: 'act-conv-bn',
});

export const HIERARCHICAL_OPTION_KEYS = ['type', 'primitives', 'motifs', 'motifNodes', 'cellNodes', 'merge', 'initialFilters', 'stacks', 'cellsPerStack', 'order'] as const;

export function hierarchicalMacro(o: HierarchicalMacroSettings): HierarchicalMacroSettings {
  return { initialFilters: o.initialFilters, stacks: o.stacks, cellsPerStack: o.cellsPerStack, order: o.order, merge: o.merge };
}

export function readHierarchicalOptions(section: Json, r: ConfigReader): HierarchicalConfigOptions {
  r.unknownKeys(section, HIERARCHICAL_OPTION_KEYS, 'space');
  const d = DEFAULT_HIERARCHICAL_SPACE_OPTIONS;
  const primitives: readonly string[] = PRIMITIVES;
  return {
    type: 'hierarchical',
    primitives: r.list<EdgeOp>(section, 'primitives', 'space.primitives', d.primitives, (v) => primitives.includes(v as string), `${PRIMITIVES.join('|')} (no edge is the motifs' own "none")`),
    motifs: r.int(section, 'motifs', 'space.motifs', d.motifs, 1, 16),
    motifNodes: r.int(section, 'motifNodes', 'space.motifNodes', d.motifNodes, 2, 8),
    cellNodes: r.int(section, 'cellNodes', 'space.cellNodes', d.cellNodes, 2, 8),
    merge: r.oneOf(section, 'merge', 'space.merge', d.merge, MOTIF_MERGES),
    initialFilters: r.int(section, 'initialFilters', 'space.initialFilters', d.initialFilters, 1, 1024),
    stacks: r.int(section, 'stacks', 'space.stacks', d.stacks, 1, 6),
    cellsPerStack: r.int(section, 'cellsPerStack', 'space.cellsPerStack', d.cellsPerStack, 1, 16),
    order: r.oneOf(section, 'order', 'space.order', d.order, CONV_ORDERS),
  };
}

/** Options with defaults filled in; throws naming the `space.*` key of the first problem. */
export function resolveHierarchicalOptions(options: Partial<HierarchicalSpaceOptions>): HierarchicalSpaceOptions {
  const r = new ConfigReader();
  const { type: _type, ...resolved } = readHierarchicalOptions({ ...options, type: 'hierarchical' } as Json, r);
  if (r.problems.length > 0) throw new Error(r.problems[0]);
  return Object.freeze(resolved);
}
