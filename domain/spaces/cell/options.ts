// Options of the cell space: the genotype's (blocks per cell, operations) and the macro
// skeleton's (filters, stacks, cells per stack, ReLU/conv/BN order), with defaults sized for
// small MNIST runs. Problems name the `space.*` key.
import { ConfigReader, type Json } from '../../config/reader';
import { CONV_ORDERS, type ConvOrder } from '../../ops';
import { EDGE_OPS, isEdgeOp, type EdgeOp } from '../edge-ops';

/** How a genotype is laid out as a network; everything that may change between a small search and a large final training. */
// Types, not interfaces: options are JSON (a type alias gets the index signature Json needs).
export type CellMacroSettings = {
  /** Channels C of the stem and of every cell in the first stack; doubled by each reduction cell. */
  initialFilters: number;
  /** Stacks of normal cells; a reduction cell stands between two stacks. */
  stacks: number;
  /** Normal cells per stack (NASNet's N). */
  cellsPerStack: number;
  /** Where ReLU and batch norm sit around every convolution of the cells. */
  order: ConvOrder;
};

export type CellSpaceOptions = CellMacroSettings & {
  /** Blocks per cell (NASNet's B). */
  blocks: number;
  /** Operations a block may apply to each input. */
  operations: EdgeOp[];
};

export type CellConfigOptions = { type: 'cell' } & CellSpaceOptions;

export const DEFAULT_CELL_SPACE_OPTIONS: Readonly<CellSpaceOptions> = Object.freeze({
  blocks: 4,
  operations: [...EDGE_OPS],
  initialFilters: 8,
  stacks: 2,
  cellsPerStack: 1,
  order: 'act-conv-bn',
});

export const CELL_OPTION_KEYS = ['type', 'blocks', 'operations', 'initialFilters', 'stacks', 'cellsPerStack', 'order'] as const;

export function cellMacro(o: CellMacroSettings): CellMacroSettings {
  return { initialFilters: o.initialFilters, stacks: o.stacks, cellsPerStack: o.cellsPerStack, order: o.order };
}

/** Reads a config's `space` section of type "cell", with the defaults filled in. */
export function readCellOptions(section: Json, r: ConfigReader): CellConfigOptions {
  r.unknownKeys(section, CELL_OPTION_KEYS, 'space');
  const d = DEFAULT_CELL_SPACE_OPTIONS;
  const options: CellConfigOptions = {
    type: 'cell',
    blocks: r.int(section, 'blocks', 'space.blocks', d.blocks, 1, 12),
    operations: r.list<EdgeOp>(section, 'operations', 'space.operations', d.operations, isEdgeOp, EDGE_OPS.join('|')),
    initialFilters: r.int(section, 'initialFilters', 'space.initialFilters', d.initialFilters, 1, 1024),
    stacks: r.int(section, 'stacks', 'space.stacks', d.stacks, 1, 6),
    cellsPerStack: r.int(section, 'cellsPerStack', 'space.cellsPerStack', d.cellsPerStack, 1, 16),
    order: r.oneOf(section, 'order', 'space.order', d.order, CONV_ORDERS),
  };
  if (!options.operations.some((op) => op !== 'zero')) {
    r.problems.push(`space.operations: needs an operation besides "zero" (a block must compute something), got ${JSON.stringify(options.operations)}`);
  }
  return options;
}

/** Options with defaults filled in; throws naming the `space.*` key of the first problem. */
export function resolveCellOptions(options: Partial<CellSpaceOptions>): CellSpaceOptions {
  const r = new ConfigReader();
  const { type: _type, ...resolved } = readCellOptions({ ...options, type: 'cell' } as Json, r);
  if (r.problems.length > 0) throw new Error(r.problems[0]);
  return Object.freeze(resolved);
}
