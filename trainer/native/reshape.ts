// Reshape without tfjs-side shape tensors. tfjs-node's Reshape kernel builds the target shape
// as a tfjs int32 tensor on every call (engine bookkeeping, an upload, a disposal) around one
// TensorFlow Reshape op; training calls it dozens of times per step (bias gradients, flattening,
// the optimizer). Here the shape handles are TensorFlow tensors cached by shape (a bounded set,
// outside tfjs's accounting), and the op runs directly. Same op, same result. A reshape to the
// shape the tensor already has (every Add gradient ends with one) shares the data instead, as
// tfjs-node's Identity kernel does.
import * as tf from '@tensorflow/tfjs';
import { attr, type NativeDtype, type NodeBackend, type OpAttr } from './tf-native';
import { nodeBackend } from './tf-native';
import { TENSORFLOW, type KernelOverride } from './override';

const MAX_CACHED_SHAPES = 512;
const DTYPES: ReadonlySet<tf.DataType> = new Set<tf.DataType>(['float32', 'int32', 'bool']);

/** Cached int32 shape handles, per backend (insertion order = age, for eviction). */
const shapeHandles = new WeakMap<NodeBackend, Map<string, number>>();
const attrCache = new WeakMap<NodeBackend, Map<string, OpAttr[]>>();

function shapeHandle(b: NodeBackend, shape: number[]): number {
  let cache = shapeHandles.get(b);
  if (cache === undefined) {
    cache = new Map();
    shapeHandles.set(b, cache);
  }
  const key = shape.join(',');
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  if (cache.size >= MAX_CACHED_SHAPES) {
    const [oldKey, oldId] = cache.entries().next().value as [string, number];
    b.binding.deleteTensor(oldId);
    cache.delete(oldKey);
  }
  const id = b.binding.createTensor([shape.length], b.binding.TF_INT32, Int32Array.from(shape));
  cache.set(key, id);
  return id;
}

function reshapeAttrs(b: NodeBackend, dtype: NativeDtype): OpAttr[] {
  let cache = attrCache.get(b);
  if (cache === undefined) {
    cache = new Map();
    attrCache.set(b, cache);
  }
  let attrs = cache.get(dtype);
  if (attrs === undefined) {
    attrs = [attr.type(b, 'T', dtype), attr.type(b, 'Tshape', 'int32')];
    cache.set(dtype, attrs);
  }
  return attrs;
}

/** Whether `target` (which may hold one -1) is `shape`. */
function sameShape(shape: number[], target: number[]): boolean {
  if (shape.length !== target.length) return false;
  const known = target.reduce((n, d) => (d === -1 ? n : n * d), 1);
  const size = shape.reduce((n, d) => n * d, 1);
  return target.every((d, i) => d === shape[i] || (d === -1 && known > 0 && size / known === shape[i]));
}

/** Deletes the cached shape handles (when the overrides are removed). */
export function releaseShapeHandles(b: NodeBackend): void {
  const cache = shapeHandles.get(b);
  if (cache === undefined) return;
  for (const id of cache.values()) b.binding.deleteTensor(id);
  cache.clear();
}

export const reshapeOverride: KernelOverride = {
  kernelName: tf.Reshape,
  make: (stock) => ({
    kernelName: tf.Reshape,
    backendName: TENSORFLOW,
    kernelFunc: (args) => {
      const { x } = args.inputs as unknown as tf.ReshapeInputs;
      const { shape } = args.attrs as unknown as tf.ReshapeAttrs;
      if (x == null || !DTYPES.has(x.dtype)) return stock.kernelFunc(args);
      const b = nodeBackend(args.backend);
      if (sameShape(x.shape, shape)) {
        b.incRef(x.dataId);
        return { dataId: x.dataId, shape: x.shape.slice(), dtype: x.dtype };
      }
      const ids = [b.getInputTensorIds([x])[0]!, shapeHandle(b, shape)];
      const [meta] = b.binding.executeOp('Reshape', reshapeAttrs(b, x.dtype as NativeDtype), ids, 1);
      return b.createOutputTensor(meta!);
    },
  }),
};
