// Readable signatures of hierarchical genotypes: each motif as its nodes 1, 2, ... in brackets,
// each with its incoming edges as op(source node), e.g.
// "m0: [conv3(0)] [maxpool3(1)] [identity(0)+sepconv3(2)]; m1: ...; cell: [m0(0)] [identity(0)+m1(1)] ..."
import { NONE, type HierarchicalArchitecture, type MotifEdges } from './types';

export function describeMotif(edges: MotifEdges<string>): string {
  return edges.map((row) => `[${row.flatMap((op, i) => (op === NONE ? [] : [`${op}(${i})`])).join('+')}]`).join(' ');
}

export function describeHierarchical(arch: HierarchicalArchitecture): string {
  return [...arch.motifs.map((m, k) => `m${k}: ${describeMotif(m)}`), `cell: ${describeMotif(arch.cell)}`].join('; ');
}
