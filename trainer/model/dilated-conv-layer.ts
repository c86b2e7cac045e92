// A Keras-style layer wrapping atrousConv2dSame: kernel + bias + activation, stride 1,
// 'same' padding. Used for the search space's 'dilconv' op in place of
// tf.layers.conv2d({dilationRate}), whose gradient tfjs does not implement.
import * as tf from '@tensorflow/tfjs';
import type { Activation } from '../../contracts/names';
import { atrousConv2dSame } from './atrous';

export interface DilatedConv2DArgs {
  filters: number;
  kernelSize: number;
  dilation: number;
  /** 'linear' when batch norm or an activation layer follows (the node's `order`). */
  activation: Activation | 'linear';
  /** Default true; false when batch norm follows, whose beta makes a bias redundant. */
  useBias?: boolean;
  /** Seed of the glorot-uniform kernel initialiser. */
  seed: number;
  name?: string;
}

const ACTIVATIONS: Record<Activation | 'linear', (x: tf.Tensor) => tf.Tensor> = {
  linear: (x) => x,
  relu: (x) => tf.relu(x),
  elu: (x) => tf.elu(x),
  tanh: (x) => tf.tanh(x),
  selu: (x) => tf.selu(x),
};

export class DilatedConv2D extends tf.layers.Layer {
  static readonly className = 'NasDilatedConv2D';
  private readonly args: DilatedConv2DArgs;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: DilatedConv2DArgs) {
    super({ name: args.name });
    this.args = { ...args };
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const inChannels = shape[3];
    if (inChannels == null) throw new Error(`${this.name}: the channel dimension of its input must be known`);
    const { kernelSize, filters, seed } = this.args;
    this.kernel = this.addWeight('kernel', [kernelSize, kernelSize, inChannels, filters], 'float32', tf.initializers.glorotUniform({ seed }));
    if (this.args.useBias !== false) this.bias = this.addWeight('bias', [filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0], shape[1], shape[2], this.args.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      if (this.kernel === null) throw new Error(`${this.name} called before build()`);
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const y = atrousConv2dSame(x, this.kernel.read() as tf.Tensor4D, this.args.dilation);
      return ACTIVATIONS[this.args.activation](this.bias === null ? y : tf.add(y, this.bias.read()));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { filters, kernelSize, dilation, activation, seed } = this.args;
    return { ...super.getConfig(), filters, kernelSize, dilation, activation, useBias: this.args.useBias !== false, seed };
  }
}

// Lets tf.loadLayersModel rebuild the layer from a saved model.json topology.
tf.serialization.registerClass(DilatedConv2D);
