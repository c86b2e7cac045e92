// The cell family's choice program: for the normal cell, then the reduction cell, each block's
// first input and its operation, then its second input and operation (keys such as
// `normal.b0.in0`, `normal.b0.op0`). Two rules keep every answer sequence a valid network:
// a block whose first operation is 'zero' may not choose 'zero' again, and the last edge of a
// cell must read c1 (the previous cell's output) when no edge did yet, since otherwise that
// output would feed nothing.
import type { Choice, ChoiceProgram, ChoiceValue } from '../choices';
import type { EdgeOp } from '../edge-ops';
import { CELL_KINDS, type CellArchitecture, type CellBlock, type CellKind } from './types';

const FIELDS = ['in0', 'op0', 'in1', 'op1'] as const;

/** The inputs block `b` may read: the two previous cells' outputs and the blocks before it. */
export function blockInputs(b: number): string[] {
  return ['c0', 'c1', ...Array.from({ length: b }, (_, j) => `b${j}`)];
}

function* cellChoices(kind: CellKind, blocks: number, operations: readonly EdgeOp[]): Generator<Choice, CellBlock[], ChoiceValue> {
  const nonZero = operations.filter((op) => op !== 'zero');
  const cell: CellBlock[] = [];
  let readsC1 = false;
  for (let b = 0; b < blocks; b++) {
    const key = (field: string) => `${kind}.b${b}.${field}`;
    const in0 = (yield { key: key('in0'), options: blockInputs(b) }) as string;
    const op0 = (yield { key: key('op0'), options: operations }) as EdgeOp;
    readsC1 ||= in0 === 'c1' && op0 !== 'zero';
    const mustReadC1 = b === blocks - 1 && !readsC1;
    const in1 = (yield { key: key('in1'), options: mustReadC1 ? ['c1'] : blockInputs(b) }) as string;
    const op1 = (yield { key: key('op1'), options: op0 === 'zero' || mustReadC1 ? nonZero : operations }) as EdgeOp;
    readsC1 ||= in1 === 'c1' && op1 !== 'zero';
    cell.push({ in0, op0, in1, op1 });
  }
  return cell;
}

export function cellProgram(blocks: number, operations: readonly EdgeOp[]): ChoiceProgram<CellArchitecture> {
  return function* () {
    const normal = yield* cellChoices('normal', blocks, operations);
    const reduction = yield* cellChoices('reduction', blocks, operations);
    return { type: 'cell', normal, reduction };
  };
}

const KEY = new RegExp(`^(${CELL_KINDS.join('|')})\\.b(\\d+)\\.(${FIELDS.join('|')})$`);

/** The answer a cell architecture gives to a choice of its program. */
export function cellAnswer(arch: CellArchitecture, key: string): ChoiceValue | undefined {
  const m = KEY.exec(key);
  if (m === null) return undefined;
  const cell = (arch as unknown as Record<string, unknown>)[m[1]];
  if (!Array.isArray(cell)) return undefined;
  const block = cell[Number(m[2])] as Record<string, ChoiceValue> | undefined;
  return typeof block === 'object' && block !== null ? block[m[3]] : undefined;
}
