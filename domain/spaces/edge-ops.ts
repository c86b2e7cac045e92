// The named operations that label the edges of cell-like DAGs (the cell family's blocks, the
// hierarchical family's level-1 primitives): issue 6's list of convolution 1/3/5/7, separable
// convolution 3/5, dilated convolution 3/5 (dilation 2), max and average pooling 3, identity and
// zero. An edge maps a C-channel input to a C-channel output at stride 1 or 2; this module turns
// one into graph nodes (domain/ops), so both families compile edges the same way.
import type { GraphNode, ParamValue } from '../../contracts/graph';
import type { ConvOrder } from '../ops';

export const EDGE_OPS = ['conv1', 'conv3', 'conv5', 'conv7', 'sepconv3', 'sepconv5', 'dilconv3', 'dilconv5', 'maxpool3', 'avgpool3', 'identity', 'zero'] as const;
export type EdgeOp = (typeof EDGE_OPS)[number];

export function isEdgeOp(value: unknown): value is EdgeOp {
  return typeof value === 'string' && (EDGE_OPS as readonly string[]).includes(value);
}

/** How an edge's convolutions are built: output channels and where ReLU and batch norm sit. */
export interface EdgeSettings {
  filters: number;
  order: ConvOrder;
}

/** Convolutions in cells always use ReLU, as NASNet and DARTS do; the order is the space's. */
const ACTIVATION = 'relu';

function convNode(id: string, op: 'conv' | 'sepconv', kernelSize: number, strides: number, input: string, s: EdgeSettings): GraphNode {
  const params: Record<string, ParamValue> = { filters: s.filters, kernelSize, strides, activation: ACTIVATION, order: s.order };
  return { id, op, params, inputs: [input] };
}

/**
 * The nodes of edge `op` from node `input` at `stride`, the last one named `id` (its output).
 * Every op keeps the input's channel count C except convolutions, which produce s.filters, so
 * callers feed edges C-channel inputs and set filters to C. Two ops need more than one node:
 * - identity at stride 2 becomes a 1x1 stride-2 convolution (NASNet's reduction of a skip);
 * - a dilated convolution cannot be strided in TensorFlow, so at stride 2 it runs at stride 1
 *   (node `${id}_dil`) followed by 2x2 average pooling with stride 2, which keeps it linear.
 * 'zero' has no nodes: a family drops the edge, so it must never pass it here.
 */
export function edgeNodes(id: string, op: EdgeOp, input: string, stride: 1 | 2, s: EdgeSettings): GraphNode[] {
  const m = /^(conv|sepconv|dilconv|maxpool|avgpool)(\d)$/.exec(op);
  if (m === null) {
    if (op === 'identity') return stride === 1 ? [{ id, op: 'identity', params: {}, inputs: [input] }] : [convNode(id, 'conv', 1, 2, input, s)];
    throw new Error(`edge op '${op}' has no nodes: the family must drop zero edges`);
  }
  const [, kind, size] = m;
  const k = Number(size);
  switch (kind) {
    case 'conv':
    case 'sepconv':
      return [convNode(id, kind, k, stride, input, s)];
    case 'dilconv': {
      const dil = stride === 1 ? id : `${id}_dil`;
      const node: GraphNode = { id: dil, op: 'dilconv', params: { filters: s.filters, kernelSize: k, dilation: 2, activation: ACTIVATION, order: s.order }, inputs: [input] };
      return stride === 1 ? [node] : [node, { id, op: 'avgpool', params: { poolSize: 2, strides: 2 }, inputs: [dil] }];
    }
    default:
      return [{ id, op: kind, params: { poolSize: k, strides: stride }, inputs: [input] }];
  }
}

/**
 * The node that merges `inputs` into one tensor named `id`: none for a single input (its own id
 * is returned), else an identity node summing them, or concatenating them (channels add up).
 */
export function mergeNode(id: string, inputs: readonly string[], merge: 'sum' | 'concat', nodes: GraphNode[]): string {
  if (inputs.length === 1) return inputs[0];
  nodes.push({ id, op: 'identity', params: {}, inputs: [...inputs], merge });
  return id;
}
