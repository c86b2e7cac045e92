// oneDNN max pooling with a workspace, shared by the MaxPool and MaxPoolGrad overrides.
//
// TensorFlow's CPU MaxPoolGrad recomputes every window's argmax from the input: ~4-8 ms for a
// [64,26,26,32] activation, against ~0.4 ms for the forward pool. Keras does not pay that:
// in a graph, TensorFlow pairs the pool with its gradient as oneDNN ops that pass a workspace
// (the argmax of each window) from forward to backward. Eager ops never see both, so here the
// MaxPool kernel, when a gradient is being recorded, runs that oneDNN forward op itself
// (_MklNativeMaxPool, same values as MaxPool) and keeps its workspace, keyed by the output's
// dataId; the MaxPoolGrad kernel for that output then runs _MklNativeMaxPoolGrad (~0.4 ms).
//
// These ops are internal to TensorFlow's oneDNN build (the wheel tfjs-node links against
// here), so availability and semantics are checked once per backend by a probe against the
// stock ops; without them, or on a GPU device, both kernels stay stock.
//
// Workspaces are raw TensorFlow handles, outside tfjs's tensor accounting. Each is freed when
// its gradient consumes it, or, if no gradient ever comes, at the next forward call after its
// output tensor was disposed; at most MAX_PENDING wait at any time.
import * as tf from '@tensorflow/tfjs';
import { attr, type NodeBackend, type OpAttr } from './tf-native';

export const MKL_MAX_POOL = '_MklNativeMaxPool';
export const MKL_MAX_POOL_GRAD = '_MklNativeMaxPoolGrad';
const MAX_PENDING = 256;

export interface PoolOp {
  ksize: number[];
  strides: number[];
  padding: 'VALID' | 'SAME';
}

/** The TensorFlow pooling attributes of a tfjs MaxPool / MaxPoolGrad call, if TF supports it. */
export function poolOp(xShape: number[], attrs: tf.MaxPoolAttrs): PoolOp | undefined {
  if (xShape.length !== 4) return undefined;
  const info = tf.backend_util.computePool2DInfo(xShape as [number, number, number, number],
    attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  const padding = info.padInfo.type;
  if (padding !== 'VALID' && padding !== 'SAME') return undefined;
  return { ksize: [1, info.filterHeight, info.filterWidth, 1], strides: [1, info.strideHeight, info.strideWidth, 1], padding };
}

export function poolAttrs(b: NodeBackend, op: PoolOp, oneDnn: boolean): OpAttr[] {
  const attrs = [
    attr.type(b, 'T', 'float32'),
    attr.int(b, 'ksize', op.ksize),
    attr.int(b, 'strides', op.strides),
    attr.string(b, 'padding', op.padding),
    attr.string(b, 'data_format', 'NHWC'),
  ];
  // The oneDNN kernels are registered under this label; without it TensorFlow finds no kernel.
  if (oneDnn) attrs.push(attr.bool(b, 'workspace_enabled', true), attr.string(b, '_kernel', 'MklNameChangeOp'));
  return attrs;
}

export function opKey(op: PoolOp, xShape: number[]): string {
  return `${op.ksize.join(',')}|${op.strides.join(',')}|${op.padding}|${xShape.join(',')}`;
}

interface Pending {
  workspaceId: number;
  input: tf.DataId;
  key: string;
}

const pending = new Map<tf.DataId, Pending>();

/** Number of workspaces held (for tests). */
export function pendingWorkspaces(): number {
  return pending.size;
}

function free(b: NodeBackend, p: Pending): void {
  b.binding.deleteTensor(p.workspaceId);
}

/** Frees the workspaces whose forward output no longer exists, and the oldest beyond the cap. */
function sweep(b: NodeBackend): void {
  for (const [output, p] of pending) {
    if (!b.tensorMap.has(output)) {
      free(b, p);
      pending.delete(output);
    }
  }
  while (pending.size >= MAX_PENDING) {
    const [output, p] = pending.entries().next().value as [tf.DataId, Pending];
    free(b, p);
    pending.delete(output);
  }
}

export function keepWorkspace(b: NodeBackend, output: tf.DataId, p: Pending): void {
  sweep(b);
  pending.set(output, p);
}

/** Removes and returns the workspace recorded for `output`; the caller must release it. */
export function takeWorkspace(output: tf.DataId): Pending | undefined {
  const p = pending.get(output);
  if (p !== undefined) pending.delete(output);
  return p;
}

export function releaseWorkspace(b: NodeBackend, p: Pending): void {
  free(b, p);
}

/** Frees every held workspace (when the overrides are removed). */
export function releaseAllWorkspaces(b: NodeBackend): void {
  for (const p of pending.values()) free(b, p);
  pending.clear();
}

const probed = new WeakMap<object, boolean>();

/**
 * Whether the oneDNN pair runs here and matches the stock ops exactly: a 2x2/2 pool over
 * windows with ties (equal maxima, all-equal, +0/-0, -Infinity) must give the same output and
 * the same gradient (TensorFlow gives a window's gradient to its first maximum in row-major
 * order). Run once per backend object.
 */
export function oneDnnPoolingAvailable(b: NodeBackend): boolean {
  const known = probed.get(b);
  if (known !== undefined) return known;
  let ok = false;
  if (!b.isUsingGpuDevice) {
    const temps: tf.Tensor[] = [];
    try {
      const windows = [[1, 2, 3, 4], [5, 5, 5, 5], [1, 7, 7, 2], [0, -0, 0, 0], [-Infinity, -Infinity, -Infinity, -Infinity], [-3, -1, -1, -2]];
      // Six 2x2 windows laid out as a [1, 2, 12, 1] image (window w spans columns 2w, 2w+1).
      const values: number[] = new Array<number>(24);
      windows.forEach((w, i) => {
        values[2 * i] = w[0]!;
        values[2 * i + 1] = w[1]!;
        values[12 + 2 * i] = w[2]!;
        values[12 + 2 * i + 1] = w[3]!;
      });
      const x = tf.tensor4d(values, [1, 2, 12, 1]);
      const dy = tf.tensor4d([1, 2, 3, 4, 5, 6], [1, 1, 6, 1]);
      temps.push(x, dy);
      const op: PoolOp = { ksize: [1, 2, 2, 1], strides: [1, 2, 2, 1], padding: 'VALID' };
      const y = b.executeSingleOutput('MaxPool', poolAttrs(b, op, false), [x]);
      temps.push(y);
      const ref = b.executeSingleOutput('MaxPoolGrad', poolAttrs(b, op, false), [x, y, dy]);
      temps.push(ref);
      const [yMeta, wsMeta] = b.binding.executeOp(MKL_MAX_POOL, poolAttrs(b, op, true), b.getInputTensorIds([x]), 2);
      const y2 = b.createOutputTensor(yMeta!);
      temps.push(y2);
      let grad: tf.Tensor;
      try {
        const ids = [...b.getInputTensorIds([x, y2, dy]), wsMeta!.id];
        grad = b.createOutputTensor(b.binding.executeOp(MKL_MAX_POOL_GRAD, poolAttrs(b, op, true), ids, 1)[0]!);
      } finally {
        b.binding.deleteTensor(wsMeta!.id);
      }
      temps.push(grad);
      const same = (p: tf.Tensor, q: tf.Tensor) => {
        const u = p.dataSync();
        const v = q.dataSync();
        return u.length === v.length && u.every((e, i) => Object.is(e, v[i]));
      };
      ok = same(y, y2) && same(ref, grad);
    } catch {
      ok = false;
    } finally {
      tf.dispose(temps);
    }
  }
  probed.set(b, ok);
  return ok;
}
