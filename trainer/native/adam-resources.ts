// FlatAdamOptimizer's state as TensorFlow resource variables, updated in place by one fused
// ResourceApplyAdam per step (the op Keras-era TensorFlow optimizers use). Applying tfjs's
// formula op by op costs 14 passes over the parameters (~2.5 ms for the 225k-parameter cnn);
// the fused update is one (~0.25 ms).
//
// Same mathematics as tfjs's AdamOptimizer, different rounding: tfjs computes
//   w -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
// and ResourceApplyAdam computes
//   w -= lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps')
// which is the same update for eps' = eps * sqrt(1 - b2^t), passed every step. The moments are
// the same quantities (exponential averages of g and g^2), so the state reads and writes as
// AdamOptimizer's per-variable slots. Differences: float32 rounding, and one constant: tfjs
// weighs a new g^2 by 1 - 0.999 rounded to float32, TensorFlow by 1 - float32(0.999), 1.3e-5
// apart (no float32 beta2 gives tfjs's value), so v differs by ~1e-5 and updates by ~6e-6,
// relatively.
//
// The variables live in TensorFlow's resource manager under names unique to this process, as
// raw handles outside tfjs's tensor accounting; dispose() destroys them.
import * as tf from '@tensorflow/tfjs';
import { attr, RawOps, type NodeBackend, type OpAttr } from './tf-native';

let counter = 0;

export interface AdamHyper {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

export class AdamResources {
  private disposed = false;

  private constructor(
    private readonly b: NodeBackend,
    private readonly handles: { values: number; m: number; v: number },
    readonly size: number,
  ) {}

  /** Resource variables holding copies of the given flat vectors. */
  static create(b: NodeBackend, values: tf.TensorInfo, m: tf.TensorInfo, v: tf.TensorInfo): AdamResources {
    const size = values.shape[0]!;
    const make = (what: string) => b.binding.executeOp('VarHandleOp', [
      attr.type(b, 'dtype', 'float32'), attr.shape(b, 'shape', [size]),
      attr.string(b, 'container', ''), attr.string(b, 'shared_name', `nas_flat_adam_${process.pid}_${++counter}_${what}`),
    ], [], 1)[0]!.id;
    const handles = { values: make('values'), m: make('m'), v: make('v') };
    const res = new AdamResources(b, handles, size);
    try {
      res.assign(handles.values, values);
      res.assign(handles.m, m);
      res.assign(handles.v, v);
    } catch (err) {
      res.dispose();
      throw err;
    }
    return res;
  }

  private get dtypeAttr(): OpAttr[] {
    return [attr.type(this.b, 'dtype', 'float32')];
  }

  private assign(handle: number, t: tf.TensorInfo): void {
    this.b.binding.executeOp('AssignVariableOp', this.dtypeAttr, [handle, this.b.getInputTensorIds([t])[0]!], 0);
  }

  /** Replaces the flat weights (after the variables were set from outside the optimizer). */
  assignValues(values: tf.TensorInfo): void {
    this.assign(this.handles.values, values);
  }

  private read(handle: number): tf.Tensor {
    return this.b.createOutputTensor(this.b.binding.executeOp('ReadVariableOp', this.dtypeAttr, [handle], 1)[0]!);
  }

  /** Copies of the flat moments, as tfjs tensors the caller owns. */
  readMoments(): { m: tf.Tensor; v: tf.Tensor } {
    // Identity: a read aliases the variable's buffer; a copy keeps the next in-place update free.
    return tf.tidy(() => ({ m: tf.add(this.read(this.handles.m), 0), v: tf.add(this.read(this.handles.v), 0) }));
  }

  /**
   * One Adam step with the gradients of the variables (in layout order), at bias-correction
   * powers accBeta1 = b1^t and accBeta2 = b2^t. Returns the new weights, one tensor per
   * variable in `shapes`, which the caller owns.
   */
  step(grads: tf.TensorInfo[], accBeta1: tf.TensorInfo, accBeta2: tf.TensorInfo, hyper: AdamHyper,
    sizes: number[], shapes: number[][]): tf.Tensor[] {
    const raw = new RawOps(this.b);
    const b = this.b;
    try {
      const f32 = [attr.type(b, 'T', 'float32')];
      const reshape = [...f32, attr.type(b, 'Tshape', 'int32')];
      const n = sizes.length;
      const asVector = raw.int32([-1]);
      const flat = grads.map((g) => raw.op('Reshape', reshape, [raw.of(g), asVector]));
      const gradient = n === 1 ? flat[0]! : raw.op('ConcatV2',
        [...f32, attr.int(b, 'N', n), attr.type(b, 'Tidx', 'int32')], [...flat, raw.int32([0], [])]);
      const beta2Power = raw.of(accBeta2);
      const epsilon = raw.op('Mul', f32, [raw.op('Sqrt', f32, [raw.op('Sub', f32, [raw.scalar(1), beta2Power])]), raw.scalar(hyper.epsilon)]);
      raw.run('ResourceApplyAdam', [...f32, attr.bool(b, 'use_locking', false), attr.bool(b, 'use_nesterov', false)], [
        this.handles.values, this.handles.m, this.handles.v, raw.of(accBeta1), beta2Power,
        raw.scalar(hyper.learningRate), raw.scalar(hyper.beta1), raw.scalar(hyper.beta2), epsilon, gradient,
      ]);
      // Split copies out of the read, which is released before the next in-place update.
      const values = raw.op('ReadVariableOp', this.dtypeAttr, [this.handles.values]);
      const parts = raw.ops('SplitV', [...f32, attr.int(b, 'num_split', n), attr.type(b, 'Tlen', 'int32')],
        [values, raw.int32(sizes), raw.int32([0], [])], n);
      return parts.map((p, i) => raw.out(raw.op('Reshape', reshape, [p, raw.int32(shapes[i]!)])));
    } finally {
      raw.dispose();
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const handle of Object.values(this.handles)) {
      this.b.binding.executeOp('DestroyResourceOp', [attr.bool(this.b, 'ignore_lookup_error', true)], [handle], 0);
      this.b.binding.deleteTensor(handle);
    }
  }
}

/** Resource variables are used on CPU devices (the tested configuration). */
export function resourceAdamAvailable(b: NodeBackend): boolean {
  return !b.isUsingGpuDevice;
}
