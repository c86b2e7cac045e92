// Shared helpers for the tests of trainer/native: the tfjs-node backend, deterministic data,
// running code with the overrides on or off, and comparisons.
import * as tf from '@tensorflow/tfjs';
import {
  registerTensorflowTrainingKernels, unregisterTensorflowTrainingKernels,
} from '../../trainer/native/register-all';

/** Loads tfjs-node (which registers and selects 'tensorflow'). */
export async function useTensorflow(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@tensorflow/tfjs-node');
  if (!(await tf.setBackend('tensorflow'))) throw new Error("tf.setBackend('tensorflow') failed");
  await tf.ready();
}

/** Runs `fn` with the overrides installed (on) or with the stock kernels (off). */
export function withOverrides<T>(on: boolean, fn: () => T): T {
  if (on) registerTensorflowTrainingKernels();
  else unregisterTensorflowTrainingKernels();
  return fn();
}

export async function withOverridesAsync<T>(on: boolean, fn: () => Promise<T>): Promise<T> {
  if (on) registerTensorflowTrainingKernels();
  else unregisterTensorflowTrainingKernels();
  return fn();
}

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

/** Values uniform in [lo, hi). */
export function randomValues(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const next = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + next() * (hi - lo);
  return out;
}

export function randomTensor(shape: number[], seed: number, lo = -1, hi = 1): tf.Tensor {
  return tf.tensor(randomValues(shape.reduce((a, b) => a * b, 1), seed, lo, hi), shape, 'float32');
}

/** Index of the first element where a and b differ bit-for-bit (NaN equals NaN, -0 differs from 0); -1 if none. */
export function firstBitDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/**
 * Largest absolute difference divided by the largest magnitude in `expected` (norm-wise; element
 * ratios blow up on entries that cancel to ~0). NaN on either side counts as infinite error.
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
  return maxDiff / Math.max(scale, 1e-30);
}

/** tf.memory().numTensors around `fn`, which must dispose what it creates. */
export async function tensorDelta(fn: () => Promise<void> | void): Promise<number> {
  const before = tf.memory().numTensors;
  await fn();
  return tf.memory().numTensors - before;
}
