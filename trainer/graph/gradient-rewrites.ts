// Rewrites of the gradient graph that TF_AddGradients builds (TensorFlow's C++ gradients), where
// they differ from the Python gradients Keras's graphs use in ways that cost speed, not values.
import type { GraphHandle, GraphStepAddon } from './addon';

const key = (op: string, index: number): string => `${op}:${index}`;

export const RELU_GRAD_SETTINGS = ['output', 'input'] as const;
export type ReluGradSetting = (typeof RELU_GRAD_SETTINGS)[number];

/**
 * NAS_GRAPH_RELU_GRAD: what ReluGrad reads, the Relu's `output` (the default, as Python's
 * gradient) or its `input` (TensorFlow's C++ gradient unchanged): to measure what the rewrite buys.
 */
export function reluGradSetting(env: NodeJS.ProcessEnv = process.env): ReluGradSetting {
  const raw = env.NAS_GRAPH_RELU_GRAD;
  if (raw === undefined || raw === '') return 'output';
  if ((RELU_GRAD_SETTINGS as readonly string[]).includes(raw)) return raw as ReluGradSetting;
  throw new Error(`NAS_GRAPH_RELU_GRAD must be one of ${RELU_GRAD_SETTINGS.join(', ')}, got '${raw}'`);
}

/**
 * TensorFlow's C++ gradient of Relu feeds ReluGrad the Relu's input; Python's feeds it the
 * Relu's output. The values are the same (ReluGrad passes the gradient where its features are
 * > 0, and relu(x) > 0 exactly where x > 0), but a pre-activation read by ReluGrad has a second
 * consumer, and Grappler's remapper then cannot fuse conv/matmul + bias (+ add) + relu into one
 * oneDNN kernel: every such layer runs a separate Relu pass over its output. Rewires each
 * ReluGrad to read the Relu's output, as Python's gradient does. Returns how many it rewired;
 * 0 with an addon built before `operations`/`updateEdge` existed.
 */
export function reluGradsReadOutputs(addon: GraphStepAddon, graph: GraphHandle): number {
  if (typeof addon.operations !== 'function' || typeof addon.updateEdge !== 'function') return 0;
  const ops = addon.operations(graph);
  const reluOf = new Map<string, string>();
  for (const [name, type, inputs] of ops) {
    if (type === 'Relu' && inputs[0] !== undefined) reluOf.set(key(...inputs[0]), name);
  }
  let rewired = 0;
  for (const [name, type, inputs] of ops) {
    const features = inputs[1];
    if (type !== 'ReluGrad' || features === undefined) continue;
    const relu = reluOf.get(key(...features));
    if (relu === undefined) continue;
    addon.updateEdge(graph, [relu, 0], name, 1);
    rewired++;
  }
  return rewired;
}
