import * as tf from '@tensorflow/tfjs';
import type { LayerBuilder } from './layer-builder';

/** Zeros of the input's strided shape ('same' padding), a layer so it serialises with the model. */
export class ZeroLayer extends tf.layers.Layer {
  static readonly className = 'NasZero';
  private readonly strides: number;

  constructor(args: { name?: string; strides: number }) {
    super({ name: args.name });
    this.strides = args.strides;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [b, h, w, c] = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const out = (n: number | null) => (n === null ? null : Math.ceil(n / this.strides));
    return [b, out(h), out(w), c];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    const [b, h, w, c] = x.shape;
    return tf.zeros([b, Math.ceil(h / this.strides), Math.ceil(w / this.strides), c]);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), strides: this.strides };
  }
}
tf.serialization.registerClass(ZeroLayer);

export const zero: LayerBuilder = {
  op: 'zero',
  apply: (node, input) => new ZeroLayer({ name: node.id, strides: node.params.strides as number }).apply(input) as tf.SymbolicTensor,
};
