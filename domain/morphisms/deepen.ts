// Deepen (Wei et al. 2016; Net2DeeperNet): a new layer after a node whose output is never
// negative, initialised to the identity. A convolution whose centre tap is the identity matrix
// with a ReLU computes ReLU(x) = x there (batch normalisation, where the order has it, set to
// pass through); after a flat ReLU layer, an identity dense layer does the same.
import type { GraphNode } from '../../contracts/graph';
import { ALL_FAMILIES, type MorphismOperator } from './operator';
import { CONV_OPS, GraphFacts, inheritAll, insertAfter, redirect, weightMap } from './graph-facts';

const KERNELS = [1, 3] as const;

export const deepen: MorphismOperator = {
  name: 'deepen',
  doc: 'insert an identity-initialised convolution (or dense layer) after a ReLU output',
  exact: true,
  families: ALL_FAMILIES,
  sites(graph, ctx) {
    const facts = new GraphFacts(graph, ctx);
    return facts.order.filter((id) => facts.node(id).op !== 'head' && facts.nonNegative(id));
  },
  apply(graph, site, ctx, rng) {
    const facts = new GraphFacts(graph, ctx);
    const after = facts.node(site);
    const id = facts.freshId();
    const channels = facts.channels(site);
    let added: GraphNode;
    if (facts.out(site).length === 1) {
      added = { id, op: 'dense', params: { units: channels, activation: 'relu' }, inputs: [site] };
    } else {
      // The family's own placement of batch norm where the node follows a convolution of it.
      const order = CONV_OPS.has(after.op) ? after.params.order : 'conv-act';
      const kernelSize = rng.pick(KERNELS);
      added = { id, op: 'conv', params: { filters: channels, kernelSize, strides: 1, activation: 'relu', order }, inputs: [site] };
    }
    const child = redirect(insertAfter(graph, site, [added]), site, id);
    return {
      graph: child,
      weightMap: weightMap({ ...inheritAll(graph), [id]: { kind: 'identity' } }, true),
      operator: 'deepen',
      site,
    };
  },
};
