// Model scale as a fidelity (fidelity.resource "scale"): the same network with every
// convolution's output channels multiplied by a factor. Uniform scaling keeps every equality
// between channel counts that sums and identities rely on (equal counts scale to equal counts,
// and a single channel stays one), so a valid graph stays valid. For the cell space this is its
// initialFilters (every channel count there is a multiple of it).
import type { ArchitectureGraph } from '../../contracts/graph';
import { getOperation } from '../ops';

/** Whether the node's operation has a width the scale multiplies (its `filters`). */
export function isScalable(op: string): boolean {
  return getOperation(op).fields.filters !== undefined;
}

/** A copy of `graph` with every `filters` multiplied by `factor` (rounded, at least 1); factor 1 returns an equal copy. */
export function scaleGraph(graph: ArchitectureGraph, factor: number): ArchitectureGraph {
  if (!(factor > 0)) throw new RangeError(`scaleGraph: factor must be above 0, got ${factor}`);
  return {
    nodes: graph.nodes.map((n) => {
      if (!isScalable(n.op) || typeof n.params.filters !== 'number') return { ...n, params: { ...n.params }, inputs: [...n.inputs] };
      return { ...n, params: { ...n.params, filters: Math.max(1, Math.round(n.params.filters * factor)) }, inputs: [...n.inputs] };
    }),
  };
}
