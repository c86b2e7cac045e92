// A cell genotype as a network (NASNet's macro skeleton, DARTS's preprocessing): a 3x3 stem
// convolution, then `stacks` stacks of `cellsPerStack` normal cells with a reduction cell
// between two stacks (filters doubled), then global average pooling and the softmax head.
//
// Inside cell k, with inputs c0 = c_{k-2} and c1 = c_{k-1} (both the stem for the first cell):
// each input a block reads is first mapped to the cell's C channels by a 1x1 convolution
// (`c<k>_p0`, `c<k>_p1`), with stride 2 when c0 has twice c1's resolution (c1 came out of a
// reduction cell). Edge j of block b is node `c<k>_b<b>_<j>` (see edge-ops.ts; in a reduction
// cell the edges that read c0 or c1 have stride 2), the block `c<k>_b<b>` sums its edges, and
// the cell's output `c<k>_out` concatenates the blocks no other block reads. Zero edges are
// dropped, and a merge of one tensor is that tensor.
import type { ArchitectureGraph, GraphNode } from '../../../contracts/graph';
import { edgeNodes, mergeNode } from '../edge-ops';
import type { CellMacroSettings } from './options';
import type { CellArchitecture, CellBlock } from './types';

/** A tensor between cells: its node and its stride relative to the input image. */
interface CellOutput {
  id: string;
  stride: number;
}

const liveEdges = (block: CellBlock) =>
  [
    { input: block.in0, op: block.op0 },
    { input: block.in1, op: block.op1 },
  ].map((e, j) => ({ ...e, j })).filter((e) => e.op !== 'zero');

function compileCell(prefix: string, blocks: readonly CellBlock[], reduction: boolean, c0: CellOutput, c1: CellOutput, filters: number, macro: CellMacroSettings, nodes: GraphNode[]): CellOutput {
  const read = new Set(blocks.flatMap((b) => liveEdges(b).map((e) => e.input)));
  const sources = new Map<string, string>();
  const preprocess = (name: 'c0' | 'c1', from: CellOutput, strides: number) => {
    if (!read.has(name)) return;
    const id = `${prefix}_p${name[1]}`;
    nodes.push({ id, op: 'conv', params: { filters, kernelSize: 1, strides, activation: 'relu', order: macro.order }, inputs: [from.id] });
    sources.set(name, id);
  };
  preprocess('c0', c0, c0.stride * 2 === c1.stride ? 2 : 1);
  preprocess('c1', c1, 1);
  blocks.forEach((block, b) => {
    const edges = liveEdges(block).map(({ input, op, j }) => {
      const id = `${prefix}_b${b}_${j}`;
      const stride = reduction && (input === 'c0' || input === 'c1') ? 2 : 1;
      nodes.push(...edgeNodes(id, op, sources.get(input) as string, stride, { filters, order: macro.order }));
      return id;
    });
    sources.set(`b${b}`, mergeNode(`${prefix}_b${b}`, edges, 'sum', nodes));
  });
  const unread = blocks.map((_, b) => `b${b}`).filter((name) => !read.has(name));
  const id = mergeNode(`${prefix}_out`, unread.map((name) => sources.get(name) as string), 'concat', nodes);
  return { id, stride: c1.stride * (reduction ? 2 : 1) };
}

/** The network of `arch` laid out with `macro`; the same genotype compiles at any scale. */
export function compileCellNetwork(arch: CellArchitecture, macro: CellMacroSettings): ArchitectureGraph {
  let filters = macro.initialFilters;
  const stemOrder = macro.order === 'conv-act' ? 'conv-act' : 'conv-bn-act';
  const nodes: GraphNode[] = [
    { id: 'input', op: 'input', params: {}, inputs: [] },
    { id: 'stem', op: 'conv', params: { filters, kernelSize: 3, strides: 1, activation: 'relu', order: stemOrder }, inputs: ['input'] },
  ];
  let c0: CellOutput = { id: 'stem', stride: 1 };
  let c1: CellOutput = c0;
  let k = 0;
  const cell = (reduction: boolean) => {
    const out = compileCell(`c${k++}`, reduction ? arch.reduction : arch.normal, reduction, c0, c1, filters, macro, nodes);
    [c0, c1] = [c1, out];
  };
  for (let s = 0; s < macro.stacks; s++) {
    if (s > 0) {
      filters *= 2;
      cell(true);
    }
    for (let n = 0; n < macro.cellsPerStack; n++) cell(false);
  }
  nodes.push({ id: 'head', op: 'head', params: { pooling: 'global-avg' }, inputs: [c1.id] });
  return { nodes };
}
