// Applies a morphism's weight map (contracts/weight-map.ts) to a freshly built child model: each
// child node listed takes its parent node's weights, re-indexed, padded or scaled as the map
// says, or an identity or zero initialisation. Layers are matched by node id: a node's layer is
// named after it and its batch normalisation `${id}_bn` (trainer/model/layers).
import * as tf from '@tensorflow/tfjs';
import type { ArchitectureGraph } from '../../contracts/graph';
import type { NodeInit, WeightMap } from '../../contracts/weight-map';
import { Rng } from '../../domain/rng';
import { CheckpointError } from '../errors';
import { forEachLine, gather, padKernel, reshape, type DenseArray } from './dense-array';

/** Parent weights by their saved name, e.g. 'n2/kernel', 'n2_bn/gamma'. */
export type ParentWeights = ReadonlyMap<string, DenseArray>;

/** The weight's role inside its layer: 'kernel', 'bias', 'gamma', ... */
const roleOf = (v: tf.LayerVariable): string => v.originalName.slice(v.originalName.lastIndexOf('/') + 1);

function findLayer(model: tf.LayersModel, name: string): tf.layers.Layer | undefined {
  return model.layers.find((l) => l.name === name);
}

/** Standard normal draws from the seeded Rng (Box-Muller). */
function normal(rng: Rng): number {
  const u = Math.max(rng.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/**
 * Noise on replicated input channels (axis `axis`): within each group of child channels reading
 * the same parent channel, perturbations proportional to the weight that sum to zero.
 */
function addGroupNoise(a: DenseArray, axis: number, inChannels: readonly (number | null)[], noise: { stddev: number; seed: number }): void {
  const groups = new Map<number, number[]>();
  inChannels.forEach((src, j) => {
    if (src !== null) groups.set(src, [...(groups.get(src) ?? []), j]);
  });
  const replicated = [...groups.values()].filter((g) => g.length > 1);
  if (replicated.length === 0) return;
  const rng = new Rng(noise.seed);
  forEachLine(a.shape, axis, (offsets) => {
    for (const group of replicated) {
      const z = group.map(() => normal(rng));
      const mean = z.reduce((s, v) => s + v, 0) / z.length;
      group.forEach((j, k) => {
        a.data[offsets[j]] += noise.stddev * Math.abs(a.data[offsets[j]]) * (z[k] - mean);
      });
    }
  });
}

/** Re-indexes input channels on `axis`; for flattened inputs the channel is the fastest index. */
function remapInputs(a: DenseArray, axis: number, init: Extract<NodeInit, { kind: 'inherit' }>, childRows: number, scaled: boolean): DenseArray {
  const index = init.inChannels;
  if (index === undefined) return a;
  const scale = scaled ? init.inScale : undefined;
  let out: DenseArray;
  if (a.shape.length === 2) {
    // A dense kernel over a flattened [h, w, c] input: rows are positions x channels.
    const positions = childRows / index.length;
    const parentChannels = a.shape[0] / positions;
    if (!Number.isInteger(positions) || !Number.isInteger(parentChannels)) {
      throw new Error(`a [${a.shape.join(', ')}] kernel cannot take ${index.length} input channels for ${childRows} rows`);
    }
    const g = gather(reshape(a, [positions, parentChannels, a.shape[1]]), 1, index, scale);
    if (scaled && init.inNoise) addGroupNoise(g, 1, index, init.inNoise);
    out = reshape(g, [positions * index.length, a.shape[1]]);
  } else {
    out = gather(a, axis, index, scale);
    if (scaled && init.inNoise) addGroupNoise(out, axis, index, init.inNoise);
  }
  return out;
}

/** One inherited weight of a node's main layer or batch norm, in the child's shape. */
function inheritedWeight(parent: DenseArray, role: string, childShape: number[], init: Extract<NodeInit, { kind: 'inherit' }>, bn: boolean): DenseArray {
  let a = parent;
  const vector = bn || role === 'bias';
  if (!vector && init.padKernelTo !== undefined && (role === 'kernel' || role === 'depthwise_kernel')) a = padKernel(a, init.padKernelTo);
  if (!vector) {
    const inAxis = a.shape.length === 2 ? 0 : 2;
    // A depthwise kernel holds one filter per input channel: replicas copy it, unscaled (the
    // pointwise kernel after it divides).
    a = remapInputs(a, inAxis, init, childShape[0], role !== 'depthwise_kernel');
  }
  if (init.outChannels !== undefined && role !== 'depthwise_kernel') a = gather(a, a.shape.length - 1, init.outChannels);
  return a;
}

function identityWeight(role: string, shape: number[], epsilon: number): DenseArray {
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  if (role === 'gamma') data.fill(1);
  else if (role === 'moving_variance') data.fill(1 - epsilon); // (x - 0) / sqrt(var + eps) = x
  else if (role === 'kernel' || role === 'pointwise_kernel' || role === 'depthwise_kernel') {
    const out = shape[shape.length - 1];
    const inn = shape[shape.length - 2];
    const lead = shape.length === 4 ? shape[0] : 1;
    const centre = shape.length === 4 ? ((lead - 1) / 2) * lead + (lead - 1) / 2 : 0;
    if (role === 'depthwise_kernel') for (let i = 0; i < inn; i++) data[centre * inn + i] = 1;
    else for (let i = 0; i < Math.min(inn, out); i++) data[(centre * inn + i) * out + i] = 1;
  }
  return { data, shape };
}

function zeroWeight(role: string, shape: number[]): DenseArray {
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  if (role === 'moving_variance') data.fill(1);
  return { data, shape };
}

function initLayer(layer: tf.layers.Layer, nodeId: string, init: NodeInit, parent: ParentWeights, bn: boolean, exact: boolean): void {
  if (layer.weights.length === 0) return;
  const epsilon = (layer as unknown as { epsilon?: number }).epsilon ?? 1e-3;
  const values = layer.weights.map((v): DenseArray | undefined => {
    const role = roleOf(v);
    const shape = v.shape as number[];
    if (init.kind === 'identity') return identityWeight(role, shape, epsilon);
    if (init.kind === 'zero') return zeroWeight(role, shape);
    const name = `${bn ? `${init.from}_bn` : init.from}/${role}`;
    const source = parent.get(name);
    if (source === undefined) throw new CheckpointError(`weight map: node '${nodeId}' inherits '${name}', which the parent checkpoint does not hold`);
    const w = inheritedWeight(source, role, shape, init, bn);
    if (JSON.stringify(w.shape) !== JSON.stringify(shape)) {
      // An approximate map (a mutation's child) keeps fresh weights where shapes changed.
      if (!exact) return undefined;
      throw new CheckpointError(`weight map: node '${nodeId}' ${role} comes out [${w.shape.join(', ')}] from '${name}', the child needs [${shape.join(', ')}]`);
    }
    return w;
  });
  if (values.some((w) => w === undefined)) return;
  const tensors = (values as DenseArray[]).map((w) => tf.tensor(w.data, w.shape, 'float32'));
  try {
    layer.setWeights(tensors);
  } finally {
    tf.dispose(tensors);
  }
}

/** Sets the weights of every node the map lists; others keep their fresh initialisation. */
export function applyWeightMap(model: tf.LayersModel, graph: ArchitectureGraph, map: WeightMap, parent: ParentWeights): void {
  for (const node of graph.nodes) {
    const init = map.nodes[node.id];
    if (init === undefined) continue;
    const main = findLayer(model, node.id);
    if (main !== undefined) initLayer(main, node.id, init, parent, false, map.exact);
    const bn = findLayer(model, `${node.id}_bn`);
    if (bn !== undefined) initLayer(bn, node.id, init, parent, true, map.exact);
  }
}

/** Model weights of a checkpoint (its optimiser group left out) as plain arrays by name. */
export function parentWeightsOf(tensors: tf.NamedTensorMap, names: readonly string[]): ParentWeights {
  return new Map(names.map((n) => [n, { data: tensors[n].dataSync() as Float32Array, shape: [...tensors[n].shape] }]));
}
