// The chain family's architectures: layers applied in order, all spatial ones before any dense.
import type { Activation } from '../../../contracts/names';

/** Operations a chain layer can take; spatial ones keep a feature map, `dense` flattens it. */
export type ChainOp = 'conv' | 'sepconv' | 'dilconv' | 'maxpool' | 'avgpool' | 'dense';

interface LayerIdentity {
  /**
   * The layer's node id in the compiled graph, kept when other layers are inserted or removed
   * (weights are matched by it). Chains from before ids existed have none: theirs is l<i>_<op>,
   * the layer names their checkpoints were saved with.
   */
  id?: string;
}

export interface ConvLayer extends LayerIdentity {
  op: 'conv';
  filters: number;
  kernelSize: number;
  strides: 1 | 2;
  activation: Activation;
}

/** Depthwise-separable convolution (depthwise kernel, then a 1x1 pointwise one). */
export interface SepConvLayer extends LayerIdentity {
  op: 'sepconv';
  filters: number;
  kernelSize: number;
  strides: 1 | 2;
  activation: Activation;
}

/** Dilated (atrous) convolution; TensorFlow requires stride 1 when the dilation is above 1. */
export interface DilConvLayer extends LayerIdentity {
  op: 'dilconv';
  filters: number;
  kernelSize: number;
  dilation: 2 | 3;
  activation: Activation;
}

export interface PoolLayer extends LayerIdentity {
  op: 'maxpool' | 'avgpool';
  poolSize: 2 | 3;
  strides: 1 | 2;
}

export interface DenseLayer extends LayerIdentity {
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
