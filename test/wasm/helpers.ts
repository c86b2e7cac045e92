// Shared helpers for the wasm kernel tests: deterministic random data, running
// one kernel on a chosen backend, and a relative-error tolerance check.
import * as tf from '@tensorflow/tfjs';
import { useWasmBackend } from '../../trainer/wasm/node-backend';

/** Relative error tolerance for parity with the cpu reference kernels. */
export const REL_TOL = 1e-4;

/** Small deterministic PRNG (mulberry32), so failures reproduce. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values uniform in [-1, 1). */
export function randomValues(shape: number[], seed: number): Float32Array {
  const next = rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = next() * 2 - 1;
  return out;
}

/**
 * Relative error of `actual` against `expected`: the largest absolute
 * difference divided by the largest magnitude in `expected` (a norm-wise
 * measure; element-wise ratios blow up on entries that are ~0 by cancellation).
 * Shapes (lengths) must match; NaN anywhere counts as an infinite error.
 */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Infinity;
  let maxDiff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(a) || Number.isNaN(e)) return Infinity;
    maxDiff = Math.max(maxDiff, Math.abs(a - e));
    scale = Math.max(scale, Math.abs(e));
  }
  return maxDiff / Math.max(scale, 1e-12);
}

export interface KernelRun {
  shape: number[];
  values: Float32Array;
}

/**
 * Runs kernel `name` on `backend` with inputs built from plain arrays, and
 * returns the result as plain data. On 'wasm' it also checks that the kernel
 * leaves no tensor and no backend buffer behind.
 */
export async function runKernelOn(
  backend: 'cpu' | 'wasm',
  name: string,
  inputs: Record<string, { shape: number[]; values: Float32Array }>,
  attrs: Record<string, unknown>,
): Promise<KernelRun> {
  await tf.setBackend(backend);
  const tensors: Record<string, tf.Tensor> = {};
  for (const [k, v] of Object.entries(inputs)) tensors[k] = tf.tensor(v.values, v.shape, 'float32');
  const numTensors = tf.memory().numTensors;
  const numDataIds = tf.engine().backend.numDataIds();
  const out = tf.engine().runKernel(name, tensors as tf.NamedTensorMap, attrs as tf.NamedAttrMap) as tf.Tensor;
  const result = { shape: out.shape.slice(), values: (await out.data()) as Float32Array };
  out.dispose();
  if (tf.memory().numTensors !== numTensors || tf.engine().backend.numDataIds() !== numDataIds) {
    throw new Error(
      `${name} on ${backend} leaked: tensors ${numTensors} -> ${tf.memory().numTensors}, ` +
        `backend buffers ${numDataIds} -> ${tf.engine().backend.numDataIds()}`,
    );
  }
  Object.values(tensors).forEach((t) => t.dispose());
  return result;
}

let ready: Promise<void> | undefined;

/** Initialises the wasm backend (with the training kernels) once per process. */
export function setupWasm(): Promise<void> {
  ready ??= useWasmBackend();
  return ready;
}

/** Output size of a conv along one axis (as tfjs computes it). */
export function outSize(inSize: number, k: number, s: number, d: number, pad: 'same' | 'valid' | [number, number]): number {
  const ke = (k - 1) * d + 1;
  if (pad === 'same') return Math.ceil(inSize / s);
  if (pad === 'valid') return Math.ceil((inSize - ke + 1) / s);
  return Math.trunc((inSize - ke + pad[0] + pad[1]) / s + 1);
}

/**
 * Inserts (d-1) zeros between the taps of a [KH, KW, I, O] filter: the
 * undilated filter that, at dilation 1, computes what `f` computes at
 * dilation d. Used to get dilated references from the cpu kernels.
 */
export function dilateFilter(values: Float32Array, shape: number[], d: number): { shape: number[]; values: Float32Array } {
  const [kh, kw, i, o] = shape as [number, number, number, number];
  const eh = (kh - 1) * d + 1;
  const ew = (kw - 1) * d + 1;
  const out = new Float32Array(eh * ew * i * o);
  for (let a = 0; a < kh; a++)
    for (let b = 0; b < kw; b++)
      for (let c = 0; c < i * o; c++) out[((a * d) * ew + b * d) * i * o + c] = values[(a * kw + b) * i * o + c]!;
  return { shape: [eh, ew, i, o], values: out };
}

/** Keeps every d-th tap of an effective [EH, EW, I, O] filter gradient. */
export function undilateFilter(values: Float32Array, shape: number[], d: number): { shape: number[]; values: Float32Array } {
  const [eh, ew, i, o] = shape as [number, number, number, number];
  const kh = (eh - 1) / d + 1;
  const kw = (ew - 1) / d + 1;
  const out = new Float32Array(kh * kw * i * o);
  for (let a = 0; a < kh; a++)
    for (let b = 0; b < kw; b++)
      for (let c = 0; c < i * o; c++) out[(a * kw + b) * i * o + c] = values[((a * d) * ew + b * d) * i * o + c]!;
  return { shape: [kh, kw, i, o], values: out };
}

export type PadSpec = 'same' | 'valid' | 'explicit';
