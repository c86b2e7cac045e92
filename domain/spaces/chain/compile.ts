// A chain as an architecture graph: input, the layers in order, a flattening softmax head.
import type { ArchitectureGraph, GraphNode } from '../../../contracts/graph';
import type { ChainArchitecture } from './types';
import { OP_FIELDS, fixedParams, getField } from './ops';

export function compileChain(arch: ChainArchitecture): ArchitectureGraph {
  const nodes: GraphNode[] = [{ id: 'input', op: 'input', params: {}, inputs: [] }];
  let previous = 'input';
  arch.layers.forEach((layer, i) => {
    const params: GraphNode['params'] = fixedParams(layer.op);
    for (const field of OP_FIELDS[layer.op]) params[field] = getField(layer, field) as GraphNode['params'][string];
    const id = layer.id ?? `l${i}_${layer.op}`;
    nodes.push({ id, op: layer.op, params, inputs: [previous] });
    previous = id;
  });
  nodes.push({ id: 'head', op: 'head', params: { pooling: 'flatten' }, inputs: [previous] });
  return { nodes };
}
