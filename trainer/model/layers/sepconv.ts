import * as tf from '@tensorflow/tfjs';
import { convLayerBuilder } from './conv-family';

export const sepconv = convLayerBuilder('sepconv', (node, ctx, { useBias, activation }) =>
  tf.layers.separableConv2d({
    name: node.id,
    filters: node.params.filters as number,
    kernelSize: node.params.kernelSize as number,
    strides: node.params.strides as number,
    padding: 'same',
    useBias,
    activation,
    depthwiseInitializer: tf.initializers.glorotUniform({ seed: ctx.seed() }),
    pointwiseInitializer: tf.initializers.glorotUniform({ seed: ctx.seed() }),
  }),
);
