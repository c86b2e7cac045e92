// Where FlatAdamOptimizer keeps its flat state and how it runs a step:
// - TensorStore: tfjs variables for the moments and a tfjs tensor for the weights; the step is
//   tfjs's formula op for op (bit-identical to AdamOptimizer), as one kernel on 'tensorflow'
//   (flat-adam-kernel.ts) or as tfjs ops on any backend;
// - ResourceStore: TensorFlow resource variables updated by one fused ResourceApplyAdam
//   (adam-resources.ts; the same mathematics, float32 rounding differences), on tfjs-node CPU.
import * as tf from '@tensorflow/tfjs';
import { AdamResources, type AdamHyper } from './adam-resources';
import { FLAT_ADAM_KERNEL, gradientInputName, type FlatAdamStepAttrs } from './flat-adam-kernel';
import type { NodeBackend } from './tf-native';

export interface FlatLayout {
  sizes: number[];
  shapes: number[][];
}

export interface FlatStore {
  /** Takes over `values` (the flat weights) as the store's copy. */
  setValues(values: tf.Tensor): void;
  /**
   * One step with the variables' gradients at powers accBeta1 = b1^t, accBeta2 = b2^t. Returns
   * the new weights, one tensor per variable, shaped; the caller assigns and disposes them.
   */
  step(grads: tf.Tensor[], accBeta1: tf.Tensor, accBeta2: tf.Tensor, hyper: AdamHyper, layout: FlatLayout): tf.Tensor[];
  /** The flat moments, as tensors the caller owns. */
  readMoments(): { m: tf.Tensor; v: tf.Tensor };
  dispose(): void;
}

/** The tensors reshaped to vectors and concatenated. */
export function flatten(tensors: tf.Tensor[]): tf.Tensor {
  return tf.concat(tensors.map((t) => tf.reshape(t, [-1])));
}

export class TensorStore implements FlatStore {
  private readonly m: tf.Variable;
  private readonly v: tf.Variable;
  private values: tf.Tensor;

  /** Takes over all three tensors. */
  constructor(values: tf.Tensor, m: tf.Tensor, v: tf.Tensor) {
    this.m = tf.variable(m, false);
    this.v = tf.variable(v, false);
    tf.dispose([m, v]);
    // Kept: steps usually run inside the caller's tidy (model.fit's batch scope).
    this.values = tf.keep(values);
  }

  setValues(values: tf.Tensor): void {
    this.values.dispose();
    this.values = tf.keep(values);
  }

  step(grads: tf.Tensor[], accBeta1: tf.Tensor, accBeta2: tf.Tensor, hyper: AdamHyper, layout: FlatLayout): tf.Tensor[] {
    return tf.getKernel(FLAT_ADAM_KERNEL, tf.getBackend()) != null
      ? this.stepWithKernel(grads, accBeta1, accBeta2, hyper, layout)
      : this.stepWithOps(grads, accBeta1, accBeta2, hyper, layout);
  }

  /** AdamOptimizer.applyGradients, op for op, on the flat vectors (any backend). */
  private stepWithOps(grads: tf.Tensor[], accBeta1: tf.Tensor, accBeta2: tf.Tensor, hyper: AdamHyper, layout: FlatLayout): tf.Tensor[] {
    const { learningRate, beta1, beta2, epsilon } = hyper;
    const weights = tf.tidy(() => {
      const gradient = flatten(grads);
      const oneMinusAccBeta1 = tf.sub(1, accBeta1);
      const oneMinusAccBeta2 = tf.sub(1, accBeta2);
      const newFirstMoment = tf.add(tf.mul(this.m, beta1), tf.mul(gradient, 1 - beta1));
      const newSecondMoment = tf.add(tf.mul(this.v, beta2), tf.mul(tf.square(gradient), 1 - beta2));
      const biasCorrectedFirstMoment = tf.div(newFirstMoment, oneMinusAccBeta1);
      const biasCorrectedSecondMoment = tf.div(newSecondMoment, oneMinusAccBeta2);
      this.m.assign(newFirstMoment);
      this.v.assign(newSecondMoment);
      const newValues = tf.add(
        tf.mul(tf.div(biasCorrectedFirstMoment, tf.add(tf.sqrt(biasCorrectedSecondMoment), epsilon)), -learningRate),
        this.values);
      this.setValues(newValues);
      return tf.split(newValues, layout.sizes).map((p, i) => tf.reshape(p, layout.shapes[i]!));
    });
    return weights;
  }

  /** The same step as one kernel (flat-adam-kernel.ts), where the backend has it. */
  private stepWithKernel(grads: tf.Tensor[], accBeta1: tf.Tensor, accBeta2: tf.Tensor, hyper: AdamHyper, layout: FlatLayout): tf.Tensor[] {
    const inputs: tf.NamedTensorMap = { m: this.m, v: this.v, values: this.values, accBeta1, accBeta2 };
    grads.forEach((g, i) => {
      inputs[gradientInputName(i)] = g;
    });
    const attrs: FlatAdamStepAttrs = { ...hyper, sizes: layout.sizes, shapes: layout.shapes };
    const [m, v, values, ...weights] = tf.engine().runKernel(FLAT_ADAM_KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
    this.m.assign(m!);
    this.v.assign(v!);
    tf.dispose([m!, v!]);
    this.setValues(values!);
    return weights;
  }

  readMoments(): { m: tf.Tensor; v: tf.Tensor } {
    return { m: tf.clone(this.m), v: tf.clone(this.v) };
  }

  dispose(): void {
    tf.dispose([this.m, this.v, this.values]);
  }
}

export class ResourceStore implements FlatStore {
  private readonly res: AdamResources;

  /** Copies the three tensors into resource variables and disposes them. */
  constructor(b: NodeBackend, values: tf.Tensor, m: tf.Tensor, v: tf.Tensor) {
    try {
      this.res = AdamResources.create(b, values, m, v);
    } finally {
      // Released before the first in-place update, which then needs no copy.
      tf.dispose([values, m, v]);
    }
  }

  setValues(values: tf.Tensor): void {
    try {
      this.res.assignValues(values);
    } finally {
      values.dispose();
    }
  }

  step(grads: tf.Tensor[], accBeta1: tf.Tensor, accBeta2: tf.Tensor, hyper: AdamHyper, layout: FlatLayout): tf.Tensor[] {
    return this.res.step(grads, accBeta1, accBeta2, hyper, layout.sizes, layout.shapes);
  }

  readMoments(): { m: tf.Tensor; v: tf.Tensor } {
    return this.res.readMoments();
  }

  dispose(): void {
    this.res.dispose();
  }
}

