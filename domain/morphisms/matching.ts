// Lamarckian inheritance for mutations (not a morphism: the child's function differs): every
// child node that the parent has under the same id with the same operation inherits its weights;
// the trainer keeps fresh weights wherever the shapes no longer agree (an approximate map), so a
// one-choice mutation keeps most of what its parent learned (Elsken et al. 2019, LEMONADE).
import type { ArchitectureGraph } from '../../contracts/graph';
import type { NodeInit, WeightMap } from '../../contracts/weight-map';
import { WEIGHTED_OPS } from './graph-facts';

export function inheritMatching(parent: ArchitectureGraph, child: ArchitectureGraph): WeightMap {
  const ops = new Map(parent.nodes.map((n) => [n.id, n.op]));
  const nodes: Record<string, NodeInit> = {};
  for (const n of child.nodes) if (WEIGHTED_OPS.has(n.op) && ops.get(n.id) === n.op) nodes[n.id] = { kind: 'inherit', from: n.id };
  return { nodes, exact: false };
}
