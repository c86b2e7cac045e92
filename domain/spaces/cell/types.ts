// The cell family's architectures (genotypes): a normal and a reduction cell, NASNet style.
// Nothing here depends on the macro skeleton (filters, stacks, cells per stack), so a cell
// found with a small network can be compiled into a large one (see compile.ts).
import type { EdgeOp } from '../edge-ops';

/**
 * One block: two inputs, one operation on each, summed. An input is 'c0' (the output of the
 * cell two back, c_{k-2}), 'c1' (the previous cell's, c_{k-1}) or 'b<j>' (block j < this one).
 * A 'zero' operation drops its edge; a block never has two.
 */
export interface CellBlock {
  in0: string;
  op0: EdgeOp;
  in1: string;
  op1: EdgeOp;
}

export const CELL_KINDS = ['normal', 'reduction'] as const;
export type CellKind = (typeof CELL_KINDS)[number];

/**
 * A normal cell (keeps resolution and channels) and a reduction cell (halves the resolution:
 * operations on the cell's inputs use stride 2; the macro skeleton doubles the filters). Each
 * cell's output concatenates the blocks no other block of the cell uses.
 */
export interface CellArchitecture {
  type: 'cell';
  normal: CellBlock[];
  reduction: CellBlock[];
}
