// Per-operation knowledge of the chain space: which hyperparameters each op has, which values
// they may take, how to draw a layer, and which ops may stand at a given position.
import type { ChainLayer, ChainOp, Activation } from '../types';
import type { Rng } from '../rng';
import type { ResolvedChainSpaceOptions } from './chain-options';

export const CHAIN_OPS: readonly ChainOp[] = ['conv', 'sepconv', 'dilconv', 'maxpool', 'avgpool', 'dense'];

/** Spatial ops keep a feature map; only `dense` flattens it. */
export function isSpatialOp(op: ChainOp): boolean {
  return op !== 'dense';
}

export type HyperField = 'filters' | 'kernelSize' | 'strides' | 'dilation' | 'poolSize' | 'units' | 'activation';
export type HyperValue = number | Activation;

/** The hyperparameters of each op; these are exactly the fields besides `op` a layer may carry. */
export const OP_FIELDS: Readonly<Record<ChainOp, readonly HyperField[]>> = {
  conv: ['filters', 'kernelSize', 'strides', 'activation'],
  sepconv: ['filters', 'kernelSize', 'strides', 'activation'],
  dilconv: ['filters', 'kernelSize', 'dilation', 'activation'],
  maxpool: ['poolSize', 'strides'],
  avgpool: ['poolSize', 'strides'],
  dense: ['units', 'activation'],
};

// Fixed by the layer types themselves (1|2, 2|3), so they are not space options.
const STRIDES: readonly (1 | 2)[] = [1, 2];
const DILATIONS: readonly (2 | 3)[] = [2, 3];
const POOL_SIZES: readonly (2 | 3)[] = [2, 3];

/** The values `field` may take in this space. */
export function fieldChoices(opts: ResolvedChainSpaceOptions, field: HyperField): readonly HyperValue[] {
  switch (field) {
    case 'filters':
      return opts.filters;
    case 'kernelSize':
      return opts.kernelSizes;
    case 'strides':
      return STRIDES;
    case 'dilation':
      return DILATIONS;
    case 'poolSize':
      return POOL_SIZES;
    case 'units':
      return opts.units;
    case 'activation':
      return opts.activations;
  }
}

/** A layer of the given op with every hyperparameter drawn uniformly from its choices. */
export function sampleLayer(op: ChainOp, opts: ResolvedChainSpaceOptions, rng: Rng): ChainLayer {
  switch (op) {
    case 'conv':
    case 'sepconv':
      return {
        op,
        filters: rng.pick(opts.filters),
        kernelSize: rng.pick(opts.kernelSizes),
        strides: rng.pick(STRIDES),
        activation: rng.pick(opts.activations),
      };
    case 'dilconv':
      return {
        op,
        filters: rng.pick(opts.filters),
        kernelSize: rng.pick(opts.kernelSizes),
        dilation: rng.pick(DILATIONS),
        activation: rng.pick(opts.activations),
      };
    case 'maxpool':
    case 'avgpool':
      return { op, poolSize: rng.pick(POOL_SIZES), strides: rng.pick(STRIDES) };
    case 'dense':
      return { op, units: rng.pick(opts.units), activation: rng.pick(opts.activations) };
  }
}

/** Reads a hyperparameter generically; `field` must belong to `layer.op` (see OP_FIELDS). */
export function getField(layer: ChainLayer, field: HyperField): unknown {
  return (layer as unknown as Record<string, unknown>)[field];
}

/**
 * A copy of `layer` with one hyperparameter replaced. The cast is sound because callers only
 * pass a field of OP_FIELDS[layer.op] and a value from fieldChoices(field).
 */
export function withField(layer: ChainLayer, field: HyperField, value: HyperValue): ChainLayer {
  return { ...layer, [field]: value } as ChainLayer;
}

/** True when the space has a spatial op and therefore insists on a spatial first layer. */
export function requiresSpatialFirst(opts: ResolvedChainSpaceOptions): boolean {
  return opts.spatialFirst && opts.operations.some(isSpatialOp);
}

function countDense(layers: readonly ChainLayer[]): number {
  return layers.filter((l) => l.op === 'dense').length;
}

/**
 * Ops that may stand between `before` and `after` (both already valid in order) so that the
 * whole chain stays valid: spatial only with no dense layer before it; dense only with no
 * spatial layer after it, within the dense cap, and not first when a spatial start is required.
 */
export function allowedOpsBetween(
  opts: ResolvedChainSpaceOptions,
  before: readonly ChainLayer[],
  after: readonly ChainLayer[],
): ChainOp[] {
  const denseBefore = countDense(before) > 0;
  const denseOk =
    !after.some((l) => isSpatialOp(l.op)) &&
    countDense(before) + countDense(after) + 1 <= opts.maxDenseLayers &&
    !(before.length === 0 && requiresSpatialFirst(opts));
  return opts.operations.filter((op) => (isSpatialOp(op) ? !denseBefore : denseOk));
}
