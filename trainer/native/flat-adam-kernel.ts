// FlatAdamOptimizer's op-for-op step (TensorStore in flat-adam-stores.ts) as a single kernel
// for the 'tensorflow' backend: the same TensorFlow ops, in the same order, as the tf-op path (so
// the same bits), run on raw handles: that saves tfjs's per-op bookkeeping and the scalar and
// shape uploads of ~2N + 20 ops per step. Used where the fused resource update is not (GPU
// devices, or { resourceVariables: false }); registered by register-all.ts.
import * as tf from '@tensorflow/tfjs';
import { attr, nodeBackend, RawOps } from './tf-native';
import { TENSORFLOW } from './override';

export const FLAT_ADAM_KERNEL = 'NasFlatAdamStep';

export interface FlatAdamStepAttrs {
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
  /** Element count and shape of each variable, in the order of the flat vectors. */
  sizes: number[];
  shapes: number[][];
}

/** Input names: m, v, values, accBeta1, accBeta2, then g0 .. g(N-1). */
export function gradientInputName(i: number): string {
  return `g${i}`;
}

/** Outputs: new m, new v, new values, then each new weight, shaped. (The caller advances the powers.) */
export const flatAdamKernel: tf.KernelConfig = {
  kernelName: FLAT_ADAM_KERNEL,
  backendName: TENSORFLOW,
  kernelFunc: ({ inputs, backend, attrs }) => {
    const a = attrs as unknown as FlatAdamStepAttrs;
    const named = inputs as Record<string, tf.TensorInfo>;
    const raw = new RawOps(nodeBackend(backend));
    const b = raw.b;
    try {
      const f32 = [attr.type(b, 'T', 'float32')];
      const reshapeAttrs = [...f32, attr.type(b, 'Tshape', 'int32')];
      const op = (name: string, ...ids: number[]) => raw.op(name, f32, ids);
      const n = a.sizes.length;
      const asVector = raw.int32([-1]);
      const flatGrads = a.sizes.map((_, i) => raw.op('Reshape', reshapeAttrs, [raw.of(named[gradientInputName(i)]!), asVector]));
      const g = n === 1 ? flatGrads[0]! : raw.op('ConcatV2',
        [...f32, attr.int(b, 'N', n), attr.type(b, 'Tidx', 'int32')], [...flatGrads, raw.int32([0], [])]);
      const accBeta1 = raw.of(named.accBeta1!);
      const accBeta2 = raw.of(named.accBeta2!);
      // AdamOptimizer.applyGradients, op for op (see flat-adam.ts).
      const oneMinusAccBeta1 = op('Sub', raw.scalar(1), accBeta1);
      const oneMinusAccBeta2 = op('Sub', raw.scalar(1), accBeta2);
      const newM = op('Add', op('Mul', raw.of(named.m!), raw.scalar(a.beta1)), op('Mul', g, raw.scalar(1 - a.beta1)));
      const newV = op('Add', op('Mul', raw.of(named.v!), raw.scalar(a.beta2)), op('Mul', op('Square', g), raw.scalar(1 - a.beta2)));
      const mHat = op('RealDiv', newM, oneMinusAccBeta1);
      const vHat = op('RealDiv', newV, oneMinusAccBeta2);
      const step = op('Mul', op('RealDiv', mHat, op('Add', op('Sqrt', vHat), raw.scalar(a.epsilon))), raw.scalar(-a.learningRate));
      const newValues = op('Add', step, raw.of(named.values!));
      const parts = n === 1 ? [newValues] : raw.ops('SplitV',
        [...f32, attr.int(b, 'num_split', n), attr.type(b, 'Tlen', 'int32')], [newValues, raw.int32(a.sizes), raw.int32([0], [])], n);
      const weights = parts.map((p, i) => raw.op('Reshape', reshapeAttrs, [p, raw.int32(a.shapes[i]!)]));
      return [newM, newV, newValues, ...weights].map((id) => raw.out(id));
    } finally {
      raw.dispose();
    }
  },
};
