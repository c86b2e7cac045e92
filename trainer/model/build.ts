// Builds the tfjs model of an architecture graph with the functional API: nodes in topological
// order, several inputs merged by an Add or Concatenate layer (`${id}_merge`), then the node's
// operation from the layer registry. Layer names come from node ids, not from tfjs's
// process-wide counters, so a checkpoint's weight names match the model rebuilt in any other
// process, and weights can be matched between related architectures by node id.
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../domain/rng';
import { GraphError, graphCosts } from '../../domain/graph';
import type { ArchitectureGraph, FeatureShape, GraphNode } from '../../contracts/graph';
import { InvalidTrainRequestError } from '../errors';
import { getLayerBuilder } from './layers/registry';
import './layers/register-all';

/**
 * Initialiser seeds come from their own stream, salted so that they are not the numbers the
 * batch shuffles (seeded seed + epoch) start from.
 */
const INIT_SEED_SALT = 0x1d2e3f4a;

/**
 * Identity nodes pass their input through as the same tensor, so a merge can receive one tensor
 * twice (x + x from two identity edges of one source in a cell). tfjs's inference executor
 * counts a layer's recipients as a set but releases each listed input, so it would dispose
 * such a tensor while other layers still need it; a weightless copy (`${id}_copy<i>`, a
 * reshape to its own shape) gives each occurrence its own tensor.
 */
function distinct(node: GraphNode, inputs: tf.SymbolicTensor[]): tf.SymbolicTensor[] {
  return inputs.map((x, i) =>
    inputs.indexOf(x) === i ? x : (tf.layers.reshape({ name: `${node.id}_copy${i}`, targetShape: x.shape.slice(1) as number[] }).apply(x) as tf.SymbolicTensor),
  );
}

function merged(node: GraphNode, symbolic: tf.SymbolicTensor[]): tf.SymbolicTensor {
  if (symbolic.length === 1) return symbolic[0];
  const inputs = distinct(node, symbolic);
  const layer = node.merge === 'sum' ? tf.layers.add({ name: `${node.id}_merge` }) : tf.layers.concatenate({ name: `${node.id}_merge`, axis: -1 });
  return layer.apply(inputs) as tf.SymbolicTensor;
}

/** Parameters and FLOPs of a graph, checked; an invalid graph is a non-retryable request error. */
export function checkedCosts(graph: ArchitectureGraph, inputShape: FeatureShape, numClasses: number): ReturnType<typeof graphCosts> {
  try {
    return graphCosts(graph, inputShape, numClasses);
  } catch (err) {
    if (err instanceof GraphError) throw new InvalidTrainRequestError(`architecture: ${err.problems.join('; ')}`);
    throw err;
  }
}

/** An uncompiled model of `graph` for images of `inputShape` and `numClasses` classes. */
export function buildModel(graph: ArchitectureGraph, inputShape: [number, number, number], numClasses: number, seed: number): tf.LayersModel {
  const order = checkedCosts(graph, inputShape, numClasses).nodes;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const rng = new Rng((seed ^ INIT_SEED_SALT) | 0);
  const ctx = { numClasses, seed: () => rng.seed() };
  const outputs = new Map<string, tf.SymbolicTensor>();
  let input: tf.SymbolicTensor | undefined;
  let output: tf.SymbolicTensor | undefined;
  for (const { id } of order) {
    const node = byId.get(id) as GraphNode;
    if (node.op === 'input') {
      input = tf.input({ name: node.id, shape: inputShape });
      outputs.set(id, input);
      continue;
    }
    const x = merged(node, node.inputs.map((i) => outputs.get(i) as tf.SymbolicTensor));
    const y = getLayerBuilder(node.op).apply(node, x, ctx);
    outputs.set(id, y);
    if (node.op === 'head') output = y;
  }
  if (input === undefined || output === undefined) throw new InvalidTrainRequestError('architecture: no input or no head node');
  return tf.model({ name: 'nas', inputs: input, outputs: output });
}
