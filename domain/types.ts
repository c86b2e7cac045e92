// Shared vocabulary of the pure NAS domain. Everything here is plain JSON-serialisable data:
// it travels through Temporal workflow history, so no classes, no functions, no tensors.

import type { Activation } from '../contracts/names';

export type { Activation };

/** Operations a chain layer can take; spatial ones keep a feature map, `dense` flattens it. */
export type ChainOp = 'conv' | 'sepconv' | 'dilconv' | 'maxpool' | 'avgpool' | 'dense';

export interface ConvLayer {
  op: 'conv';
  filters: number;
  kernelSize: number;
  strides: 1 | 2;
  activation: Activation;
}

/** Depthwise-separable convolution (depthwise kernel, then a 1x1 pointwise one). */
export interface SepConvLayer {
  op: 'sepconv';
  filters: number;
  kernelSize: number;
  strides: 1 | 2;
  activation: Activation;
}

/** Dilated (atrous) convolution; TensorFlow requires stride 1 when the dilation is above 1. */
export interface DilConvLayer {
  op: 'dilconv';
  filters: number;
  kernelSize: number;
  dilation: 2 | 3;
  activation: Activation;
}

export interface PoolLayer {
  op: 'maxpool' | 'avgpool';
  poolSize: 2 | 3;
  strides: 1 | 2;
}

export interface DenseLayer {
  op: 'dense';
  units: number;
  activation: Activation;
}

export type ChainLayer = ConvLayer | SepConvLayer | DilConvLayer | PoolLayer | DenseLayer;

/**
 * A chain-structured network: layers applied in order, all spatial layers before any dense one.
 * All convolutions and pools use 'same' padding, so a feature map never shrinks below 1x1.
 * The classifier head (flatten if still spatial, then a softmax dense layer) is implicit.
 */
export interface ChainArchitecture {
  type: 'chain';
  layers: ChainLayer[];
}

/** Every architecture family the trainer can build; later spaces add members to this union. */
export type Architecture = ChainArchitecture;

/** What a finished evaluation tells a strategy. `value` is the objective, higher is better. */
export interface Observation {
  state: 'complete' | 'pruned' | 'failed';
  /** Validation accuracy at the highest fidelity reached; absent when the trial failed. */
  value?: number;
  /** Epochs the value was measured at, so strategies may weigh fidelities. */
  epochs?: number;
}
