import * as tf from '@tensorflow/tfjs';
import type { LayerBuilder } from './layer-builder';

function poolBuilder(op: 'maxpool' | 'avgpool'): LayerBuilder {
  const make = op === 'maxpool' ? tf.layers.maxPooling2d : tf.layers.averagePooling2d;
  return {
    op,
    apply: (node, input) =>
      make({ name: node.id, poolSize: node.params.poolSize as number, strides: node.params.strides as number, padding: 'same' }).apply(input) as tf.SymbolicTensor,
  };
}

export const maxpool = poolBuilder('maxpool');
export const avgpool = poolBuilder('avgpool');
