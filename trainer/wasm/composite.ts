// Shared plumbing for kernels composed from other tfjs ops.
//
// A kernel function receives TensorInfos and must return TensorInfos whose data
// the caller (the engine) then owns. The kernels in this folder compute their
// result with ordinary tfjs ops inside tf.tidy (the engine runs those as nested
// kernels on the same backend and records no gradient tape for them), then hand
// the result's data over to the engine: one extra backend reference is taken
// before the op-level tensor wrapper is disposed, so the data survives exactly
// once, owned by the tensor the engine builds from the returned TensorInfo.
import * as tf from '@tensorflow/tfjs';

/** Attributes shared by the 2-D convolution kernels (values as the ops pass them). */
export type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

function wrap(info: tf.TensorInfo, backend: tf.KernelBackend): { tensor: tf.Tensor; owned: boolean } {
  if (info instanceof tf.Tensor) return { tensor: info, owned: false };
  // A bare TensorInfo (a kernel called directly by another kernel): borrow it
  // through a temporary Tensor holding its own reference.
  backend.incRef(info.dataId);
  const engine = tf.engine() as unknown as {
    makeTensorFromTensorInfo(i: tf.TensorInfo, b?: tf.KernelBackend): tf.Tensor;
  };
  return { tensor: engine.makeTensorFromTensorInfo(info, backend), owned: true };
}

/**
 * Runs `fn` on the inputs as tensors inside tf.tidy and returns its result as a
 * TensorInfo for a kernel function to return. Every intermediate is disposed.
 */
export function composite(
  backend: tf.KernelBackend,
  inputs: tf.TensorInfo[],
  fn: (...tensors: tf.Tensor[]) => tf.Tensor,
): tf.TensorInfo {
  const wrapped = inputs.map((i) => wrap(i, backend));
  try {
    const out = tf.tidy(() => fn(...wrapped.map((w) => w.tensor)));
    backend.incRef(out.dataId);
    const info: tf.TensorInfo = { dataId: out.dataId, shape: out.shape.slice(), dtype: out.dtype };
    // An input returned unchanged belongs to the caller: keep its wrapper.
    if (!wrapped.some((w) => w.tensor === out)) out.dispose();
    return info;
  } finally {
    for (const w of wrapped) if (w.owned) w.tensor.dispose();
  }
}

/**
 * How to read `size` elements starting at `begin` (which may lie outside
 * [0, len)) from an axis of length `len`, reading zeros outside: the part
 * inside is sliced, the rest is padding.
 */
export interface AxisWindow {
  sliceBegin: number;
  sliceSize: number;
  padBefore: number;
  padAfter: number;
}

export function axisWindow(len: number, begin: number, size: number): AxisWindow {
  const lo = Math.max(begin, 0);
  const hi = Math.min(begin + size, len);
  if (hi <= lo) return { sliceBegin: 0, sliceSize: 0, padBefore: size, padAfter: 0 };
  return { sliceBegin: lo, sliceSize: hi - lo, padBefore: lo - begin, padAfter: begin + size - hi };
}

/**
 * Crops a rank-4 NHWC tensor to the inside parts of the row and column windows
 * (a no-op when nothing lies past the edges) and returns the explicit padding
 * that a convolution must add to complete the windows. Returns null when a
 * window lies entirely outside the tensor (the convolution would only see zeros).
 */
export function windowForConv(
  x: tf.Tensor4D,
  rows: AxisWindow,
  cols: AxisWindow,
): { x: tf.Tensor4D; pad: tf.backend_util.ExplicitPadding } | null {
  if (rows.sliceSize === 0 || cols.sliceSize === 0) return null;
  const [n, h, w, c] = x.shape;
  const cropped =
    rows.sliceBegin === 0 && rows.sliceSize === h && cols.sliceBegin === 0 && cols.sliceSize === w
      ? x
      : tf.slice(x, [0, rows.sliceBegin, cols.sliceBegin, 0], [n, rows.sliceSize, cols.sliceSize, c]);
  const pad: tf.backend_util.ExplicitPadding = [
    [0, 0],
    [rows.padBefore, rows.padAfter],
    [cols.padBefore, cols.padAfter],
    [0, 0],
  ];
  return { x: cropped, pad };
}

/**
 * Inserts (sH - 1) zero rows after every row and (sW - 1) zero columns after
 * every column of an NHWC tensor: [n, h, w, c] -> [n, h*sH, w*sW, c]. Element
 * (i, j) moves to (i*sH, j*sW). One pad of a rank-6 view; no copy when sH = sW = 1.
 */
export function upsampleWithZeros(x: tf.Tensor4D, sH: number, sW: number): tf.Tensor4D {
  if (sH === 1 && sW === 1) return x;
  const [n, h, w, c] = x.shape;
  const six = tf.reshape(x, [n, h, 1, w, 1, c]);
  const padded = tf.pad(six, [
    [0, 0],
    [0, 0],
    [0, sH - 1],
    [0, 0],
    [0, sW - 1],
    [0, 0],
  ]);
  return tf.reshape(padded, [n, h * sH, w * sW, c]);
}

/** A kernel input that must be present. */
export function required(info: tf.TensorInfo | undefined, kernel: string, name: string): tf.TensorInfo {
  if (info == null) throw new Error(`${kernel}: missing input '${name}'`);
  return info;
}

/** Converts a 'NHWC' | 'NCHW' attribute to what backend_util expects. */
export function channelsLast(dataFormat: string | undefined): boolean {
  return dataFormat == null || dataFormat === 'NHWC' || dataFormat === 'channelsLast';
}

export function pair(v: number | [number, number] | undefined | null): [number, number] {
  if (v == null) return [1, 1];
  return typeof v === 'number' ? [v, v] : [v[0], v[1]];
}
