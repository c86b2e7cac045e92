// A multibranch network as a graph: the chain's nodes (ids n<i>, a flattening softmax head),
// where a layer with skips takes [previous output, ...skips] merged by its sum or concat. Without
// skips this is exactly the chain's graph, so a plain chain hashes equal in both families.
import type { ArchitectureGraph, GraphNode } from '../../../contracts/graph';
import { OP_FIELDS, fixedParams, getField } from '../chain/ops';
import type { MultibranchArchitecture } from './types';

export function compileMultibranch(arch: MultibranchArchitecture): ArchitectureGraph {
  const nodes: GraphNode[] = [{ id: 'input', op: 'input', params: {}, inputs: [] }];
  let previous = 'input';
  for (const layer of arch.layers) {
    const params: GraphNode['params'] = fixedParams(layer.op);
    for (const field of OP_FIELDS[layer.op]) params[field] = getField(layer, field) as GraphNode['params'][string];
    const skips = layer.skips ?? [];
    nodes.push({ id: layer.id, op: layer.op, params, inputs: [previous, ...skips], ...(skips.length > 0 ? { merge: layer.merge } : {}) });
    previous = layer.id;
  }
  nodes.push({ id: 'head', op: 'head', params: { pooling: 'flatten' }, inputs: [previous] });
  return { nodes };
}
