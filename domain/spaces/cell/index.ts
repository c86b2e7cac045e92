// The cell family: `space.type: "cell"` (NASNet-style normal and reduction cells).
import type { SpaceFamily } from '../family';
import type { CellArchitecture } from './types';
import { CellSpace } from './space';
import { readCellOptions, type CellConfigOptions } from './options';

export const cellFamily: SpaceFamily<CellConfigOptions, CellArchitecture> = {
  type: 'cell',
  doc: 'NASNet-style normal and reduction cells of `blocks` blocks (two inputs, one operation each, summed), stacked in a macro skeleton',
  readOptions: readCellOptions,
  create: ({ type: _type, ...options }) => new CellSpace(options),
};

export { CellSpace } from './space';
export { compileCellNetwork } from './compile';
export { describeCells } from './describe';
export { DEFAULT_CELL_SPACE_OPTIONS, cellMacro, type CellMacroSettings, type CellSpaceOptions, type CellConfigOptions } from './options';
export type { CellArchitecture, CellBlock, CellKind } from './types';
