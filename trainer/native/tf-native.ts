// Typed access to the parts of tfjs-node's NodeJSKernelBackend that the overrides of this
// folder call: running one TensorFlow op by name on tensor handles. tfjs-core's types do not
// describe that backend, and importing tfjs-node's own modules here would load the package
// (and its native binding) in processes that never use it; so the shapes are declared here
// and checked at run time on the backend object a kernel receives.
import * as tf from '@tensorflow/tfjs';

/** An op attribute as the binding takes it (tfjs-node's TFEOpAttr). */
export interface OpAttr {
  name: string;
  type: number;
  value: boolean | number | string | number[];
}

/** What the binding returns for each output of an op: a TensorFlow handle id. */
export interface TensorMetadata {
  id: number;
  shape: number[];
  dtype: number;
}

interface Binding {
  executeOp(name: string, attrs: OpAttr[], inputIds: number[], numOutputs: number): TensorMetadata[];
  createTensor(shape: number[], dtype: number, values: Float32Array | Int32Array | Uint8Array): number;
  deleteTensor(id: number): void;
  TF_FLOAT: number;
  TF_INT32: number;
  TF_BOOL: number;
  TF_UINT8: number;
  TF_ATTR_STRING: number;
  TF_ATTR_INT: number;
  TF_ATTR_BOOL: number;
  TF_ATTR_TYPE: number;
  TF_ATTR_SHAPE: number;
}

export interface NodeBackend extends tf.KernelBackend {
  binding: Binding;
  isUsingGpuDevice: boolean;
  executeSingleOutput(name: string, attrs: OpAttr[], inputs: tf.TensorInfo[]): tf.Tensor;
  /** TensorFlow handle ids of tfjs tensors (uploading values not yet on the TF side). */
  getInputTensorIds(tensors: tf.TensorInfo[]): number[];
  /** Wraps an op output handle in an engine-tracked tensor that owns it. */
  createOutputTensor(metadata: TensorMetadata): tf.Tensor;
  tensorMap: { has(dataId: tf.DataId): boolean };
}

/** The backend a kernel received, as tfjs-node's backend; throws if it is another kind. */
export function nodeBackend(backend: unknown): NodeBackend {
  const b = backend as Partial<NodeBackend> | null;
  if (b == null || typeof b.executeSingleOutput !== 'function' || typeof b.getInputTensorIds !== 'function' ||
      typeof b.createOutputTensor !== 'function' || b.binding == null || b.tensorMap == null) {
    throw new Error('trainer/native: expected the tfjs-node (tensorflow) backend');
  }
  return b as NodeBackend;
}

export type NativeDtype = 'float32' | 'int32' | 'bool' | 'uint8';

export function dtypeEnum(b: NodeBackend, dtype: NativeDtype): number {
  switch (dtype) {
    case 'float32': return b.binding.TF_FLOAT;
    case 'int32': return b.binding.TF_INT32;
    case 'bool': return b.binding.TF_BOOL;
    case 'uint8': return b.binding.TF_UINT8;
  }
}

export const attr = {
  type: (b: NodeBackend, name: string, dtype: NativeDtype): OpAttr => ({ name, type: b.binding.TF_ATTR_TYPE, value: dtypeEnum(b, dtype) }),
  int: (b: NodeBackend, name: string, value: number | number[]): OpAttr => ({ name, type: b.binding.TF_ATTR_INT, value }),
  bool: (b: NodeBackend, name: string, value: boolean): OpAttr => ({ name, type: b.binding.TF_ATTR_BOOL, value }),
  string: (b: NodeBackend, name: string, value: string): OpAttr => ({ name, type: b.binding.TF_ATTR_STRING, value }),
  shape: (b: NodeBackend, name: string, value: number[]): OpAttr => ({ name, type: b.binding.TF_ATTR_SHAPE, value }),
};

/** Runs a single-output op whose only type attribute is T = float32. */
export function floatOp(b: NodeBackend, name: string, inputs: tf.TensorInfo[]): tf.Tensor {
  return b.executeSingleOutput(name, [attr.type(b, 'T', 'float32')], inputs);
}

/**
 * TensorFlow ops on raw handles, for kernels that chain several ops: intermediates never become
 * tfjs tensors (no engine bookkeeping, no shape uploads through tfjs), and every handle this
 * object created is deleted by dispose() unless out() handed it to a tfjs tensor.
 */
export class RawOps {
  private readonly owned = new Map<number, TensorMetadata>();

  constructor(readonly b: NodeBackend) {}

  /** The handle of a tfjs tensor (still owned by tfjs). */
  of(t: tf.TensorInfo): number {
    return this.b.getInputTensorIds([t])[0]!;
  }

  scalar(value: number): number {
    return this.keep(this.b.binding.createTensor([], this.b.binding.TF_FLOAT, Float32Array.of(value)), [], this.b.binding.TF_FLOAT);
  }

  int32(values: number[], shape: number[] = [values.length]): number {
    return this.keep(this.b.binding.createTensor(shape, this.b.binding.TF_INT32, Int32Array.from(values)), shape, this.b.binding.TF_INT32);
  }

  op(name: string, attrs: OpAttr[], inputs: number[]): number {
    return this.ops(name, attrs, inputs, 1)[0]!;
  }

  /** An op without outputs (resource updates). */
  run(name: string, attrs: OpAttr[], inputs: number[]): void {
    this.b.binding.executeOp(name, attrs, inputs, 0);
  }

  ops(name: string, attrs: OpAttr[], inputs: number[], numOutputs: number): number[] {
    return this.b.binding.executeOp(name, attrs, inputs, numOutputs).map((m) => {
      this.owned.set(m.id, m);
      return m.id;
    });
  }

  shape(id: number): number[] {
    const m = this.owned.get(id);
    if (m === undefined) throw new Error('RawOps.shape: not a handle of this RawOps');
    return m.shape;
  }

  /** A tfjs tensor that takes over the handle. */
  out(id: number): tf.Tensor {
    const m = this.owned.get(id);
    if (m === undefined) throw new Error('RawOps.out: not a handle of this RawOps');
    this.owned.delete(id);
    return this.b.createOutputTensor(m);
  }

  dispose(): void {
    for (const id of this.owned.keys()) this.b.binding.deleteTensor(id);
    this.owned.clear();
  }

  private keep(id: number, shape: number[], dtype: number): number {
    this.owned.set(id, { id, shape, dtype });
    return id;
  }
}
