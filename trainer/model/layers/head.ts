import * as tf from '@tensorflow/tfjs';
import type { LayerBuilder } from './layer-builder';
import { flat } from './dense';

export const head: LayerBuilder = {
  op: 'head',
  apply(node, input, ctx) {
    const features =
      node.params.pooling === 'global-avg' && input.shape.length > 2
        ? (tf.layers.globalAveragePooling2d({ name: `${node.id}_pool` }).apply(input) as tf.SymbolicTensor)
        : flat(node.id, input);
    return tf.layers
      .dense({ name: node.id, units: ctx.numClasses, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: ctx.seed() }) })
      .apply(features) as tf.SymbolicTensor;
  },
};
