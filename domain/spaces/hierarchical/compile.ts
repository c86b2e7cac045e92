// A hierarchical genotype as a network: a 3x3 stem convolution with C channels, `stacks` stacks
// of `cellsPerStack` cells (the level-3 motif) with a 3x3 separable convolution of stride 2
// between two stacks (`r<s>`, filters doubled, as in Liu et al.'s small models), then global
// average pooling and the softmax head. Every tensor inside a cell has C channels.
//
// Node ids nest with the levels: cell k's node j is `c<k>_n<j>`, its edge from node i
// `c<k>_e<i>_<j>`; a level-2 motif on that edge has nodes `c<k>_e<i>_<j>_n<l>` and primitive
// edges `c<k>_e<i>_<j>_e<h>_<l>`. A node with one input is that input's tensor (no node); with
// several, an identity node sums them, or a 1x1 convolution reads their concatenation.
import type { ArchitectureGraph, GraphNode } from '../../../contracts/graph';
import { edgeNodes, mergeNode, type EdgeOp } from '../edge-ops';
import type { HierarchicalMacroSettings } from './options';
import { motifName } from './program';
import { NONE, type HierarchicalArchitecture, type MotifEdges } from './types';

/** Emits the nodes of one edge labelled `op` from node `from`, its output named `id`; returns the output's id. */
type EdgeCompiler = (id: string, op: string, from: string) => string;

interface Context {
  filters: number;
  macro: HierarchicalMacroSettings;
  nodes: GraphNode[];
}

function mergeInputs(id: string, inputs: string[], ctx: Context): string {
  if (ctx.macro.merge === 'sum' || inputs.length === 1) return mergeNode(id, inputs, 'sum', ctx.nodes);
  ctx.nodes.push({ id, op: 'conv', params: { filters: ctx.filters, kernelSize: 1, strides: 1, activation: 'relu', order: ctx.macro.order }, inputs, merge: 'concat' });
  return id;
}

/** The nodes of a motif DAG whose input is node `input`; returns the id of its output. */
function compileMotif(prefix: string, input: string, edges: MotifEdges<string>, edge: EdgeCompiler, ctx: Context): string {
  const ids = [input];
  edges.forEach((row, r) => {
    const j = r + 1;
    const inputs = row.flatMap((op, i) => (op === NONE ? [] : [edge(`${prefix}_e${i}_${j}`, op, ids[i])]));
    ids.push(mergeInputs(`${prefix}_n${j}`, inputs, ctx));
  });
  return ids[ids.length - 1];
}

export function compileHierarchical(arch: HierarchicalArchitecture, macro: HierarchicalMacroSettings): ArchitectureGraph {
  const ctx: Context = { filters: macro.initialFilters, macro, nodes: [] };
  const stemOrder = macro.order === 'conv-act' ? 'conv-act' : 'conv-bn-act';
  ctx.nodes.push(
    { id: 'input', op: 'input', params: {}, inputs: [] },
    { id: 'stem', op: 'conv', params: { filters: ctx.filters, kernelSize: 3, strides: 1, activation: 'relu', order: stemOrder }, inputs: ['input'] },
  );
  const primitive: EdgeCompiler = (id, op, from) => {
    ctx.nodes.push(...edgeNodes(id, op as EdgeOp, from, 1, { filters: ctx.filters, order: macro.order }));
    return id;
  };
  const level3: EdgeCompiler = (id, op, from) => {
    if (op !== 'identity') return compileMotif(id, from, arch.motifs[arch.motifs.findIndex((_, k) => motifName(k) === op)], primitive, ctx);
    ctx.nodes.push({ id, op: 'identity', params: {}, inputs: [from] });
    return id;
  };
  let previous = 'stem';
  let k = 0;
  for (let s = 0; s < macro.stacks; s++) {
    if (s > 0) {
      ctx.filters *= 2;
      const id = `r${s}`;
      ctx.nodes.push({ id, op: 'sepconv', params: { filters: ctx.filters, kernelSize: 3, strides: 2, activation: 'relu', order: macro.order }, inputs: [previous] });
      previous = id;
    }
    for (let n = 0; n < macro.cellsPerStack; n++) previous = compileMotif(`c${k++}`, previous, arch.cell, level3, ctx);
  }
  ctx.nodes.push({ id: 'head', op: 'head', params: { pooling: 'global-avg' }, inputs: [previous] });
  return { nodes: ctx.nodes };
}
