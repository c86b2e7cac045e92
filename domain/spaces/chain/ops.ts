// Per-operation knowledge of the chain space: which hyperparameters each op has (read from the
// operation registry), which values they may take in this space, how to draw a layer, and
// which ops may stand at a given position.
import type { ChainLayer, ChainOp } from './types';
import type { ParamValue } from '../../../contracts/graph';
import type { Rng } from '../../rng';
import { getOperation } from '../../ops';
import type { ResolvedChainSpaceOptions } from './options';

export const CHAIN_OPS: readonly ChainOp[] = ['conv', 'sepconv', 'dilconv', 'maxpool', 'avgpool', 'dense'];

/** Spatial ops keep a feature map; only `dense` flattens it. */
export function isSpatialOp(op: ChainOp): boolean {
  return op !== 'dense';
}

export type HyperField = 'filters' | 'kernelSize' | 'strides' | 'dilation' | 'poolSize' | 'units' | 'activation';
export type HyperValue = ParamValue;

/** A chain fixes the order of its convolutions (bias then activation), so 'order' is no choice. */
const FIXED_FIELDS: readonly string[] = ['order'];

/** The hyperparameters of each op, in the registry's order: exactly the fields besides `op` and `id` a layer carries. */
export const OP_FIELDS: Readonly<Record<ChainOp, readonly HyperField[]>> = Object.fromEntries(
  CHAIN_OPS.map((op) => [op, Object.keys(getOperation(op).fields).filter((f) => !FIXED_FIELDS.includes(f)) as HyperField[]]),
) as unknown as Record<ChainOp, readonly HyperField[]>;

/** Graph parameters the chain adds to a layer's own fields. */
export function fixedParams(op: ChainOp): Record<string, ParamValue> {
  return 'order' in getOperation(op).fields ? { order: 'conv-act' } : {};
}

function registryValues(op: ChainOp, field: HyperField): readonly ParamValue[] {
  const spec = getOperation(op).fields[field];
  return spec.kind === 'choice' ? spec.values : [];
}

/** The values `field` of `op` may take in this space: the space's list where it has one, cut to what the op allows. */
export function fieldChoices(opts: ResolvedChainSpaceOptions, op: ChainOp, field: HyperField): readonly HyperValue[] {
  switch (field) {
    case 'filters':
      return opts.filters;
    case 'units':
      return opts.units;
    case 'kernelSize':
      return opts.kernelSizes.filter((k) => registryValues(op, field).includes(k));
    case 'activation':
      return opts.activations;
    default:
      return registryValues(op, field);
  }
}

/** A layer of the given op with every hyperparameter drawn uniformly from its choices, in field order. */
export function sampleLayer(op: ChainOp, opts: ResolvedChainSpaceOptions, rng: Rng): ChainLayer {
  const layer: Record<string, unknown> = { op };
  for (const field of OP_FIELDS[op]) layer[field] = rng.pick(fieldChoices(opts, op, field));
  return layer as unknown as ChainLayer;
}

/** Reads a hyperparameter generically; `field` must belong to `layer.op` (see OP_FIELDS). */
export function getField(layer: ChainLayer, field: HyperField): unknown {
  return (layer as unknown as Record<string, unknown>)[field];
}

/**
 * A copy of `layer` with one hyperparameter replaced. The cast is sound because callers only
 * pass a field of OP_FIELDS[layer.op] and a value from fieldChoices.
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
