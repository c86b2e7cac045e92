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
  deleteTensor(id: number): void;
  TF_FLOAT: number;
  TF_INT32: number;
  TF_BOOL: number;
  TF_UINT8: number;
  TF_ATTR_STRING: number;
  TF_ATTR_INT: number;
  TF_ATTR_BOOL: number;
  TF_ATTR_TYPE: number;
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

function dtypeEnum(b: NodeBackend, dtype: NativeDtype): number {
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
};

/** Runs a single-output op whose only type attribute is T = float32. */
export function floatOp(b: NodeBackend, name: string, inputs: tf.TensorInfo[]): tf.Tensor {
  return b.executeSingleOutput(name, [attr.type(b, 'T', 'float32')], inputs);
}
