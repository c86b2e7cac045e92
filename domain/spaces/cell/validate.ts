// Problems of a cell genotype in the cell family's own terms, checked before the generic
// choice-by-choice check (which names the first key, e.g. `normal.b2.in0`, whose value is not
// allowed). Architectures arrive as untyped JSON, so every check is defensive.
import { CELL_KINDS, type CellBlock } from './types';

const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

function cellProblems(kind: string, cell: unknown, blocks: number): string[] {
  if (!Array.isArray(cell)) return [`${kind}: expected a list of ${blocks} blocks, got ${show(cell)}`];
  if (cell.length !== blocks) return [`${kind}: expected ${blocks} blocks, got ${cell.length}`];
  const problems: string[] = [];
  cell.forEach((block: unknown, b) => {
    if (typeof block !== 'object' || block === null || Array.isArray(block)) problems.push(`${kind}.b${b}: expected an object {in0, op0, in1, op1}, got ${show(block)}`);
    else if ((block as CellBlock).op0 === 'zero' && (block as CellBlock).op1 === 'zero') problems.push(`${kind}.b${b}: both operations are 'zero', so the block computes nothing`);
  });
  if (problems.length > 0) return problems;
  const live = (cell as CellBlock[]).flatMap((b) => [b.op0 === 'zero' ? undefined : b.in0, b.op1 === 'zero' ? undefined : b.in1]);
  if (!live.includes('c1')) problems.push(`${kind}: no block reads c1 (the previous cell's output) through a non-zero edge, so that output would feed nothing`);
  return problems;
}

export function validateCells(arch: unknown, blocks: number): string[] {
  if (typeof arch !== 'object' || arch === null || Array.isArray(arch)) return [`architecture: expected an object, got ${show(arch)}`];
  const fields = arch as Record<string, unknown>;
  if (fields.type !== 'cell') return [`type: expected 'cell', got ${show(fields.type)}`];
  return CELL_KINDS.flatMap((kind) => cellProblems(kind, fields[kind], blocks));
}
