import * as tf from '@tensorflow/tfjs';
import type { LayerBuilder } from './layer-builder';

/** A spatial tensor is flattened (layer `${id}_flatten`) before a dense layer or the head. */
export function flat(id: string, x: tf.SymbolicTensor): tf.SymbolicTensor {
  return x.shape.length > 2 ? (tf.layers.flatten({ name: `${id}_flatten` }).apply(x) as tf.SymbolicTensor) : x;
}

export const dense: LayerBuilder = {
  op: 'dense',
  apply: (node, input, ctx) =>
    tf.layers
      .dense({
        name: node.id,
        units: node.params.units as number,
        activation: node.params.activation as 'relu' | 'elu' | 'tanh' | 'selu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: ctx.seed() }),
      })
      .apply(flat(node.id, input)) as tf.SymbolicTensor,
};
