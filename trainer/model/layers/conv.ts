import * as tf from '@tensorflow/tfjs';
import { convLayerBuilder } from './conv-family';

export const conv = convLayerBuilder('conv', (node, ctx, { useBias, activation }) =>
  tf.layers.conv2d({
    name: node.id,
    filters: node.params.filters as number,
    kernelSize: node.params.kernelSize as number,
    strides: node.params.strides as number,
    padding: 'same',
    useBias,
    activation,
    kernelInitializer: tf.initializers.glorotUniform({ seed: ctx.seed() }),
  }),
);
