// Max and average pooling (TensorFlow's AvgPool, like tfjs-node's, leaves padding out of the
// average) and global average pooling.
import type * as tf from '@tensorflow/tfjs';
import { attrs } from '../builder';
import { config, type LayerTranslator } from './translator';

function pair(v: unknown): [number, number] {
  return Array.isArray(v) ? [Number(v[0]), Number(v[1] ?? v[0])] : [Number(v), Number(v)];
}

function pool(className: string, op: string): LayerTranslator {
  return {
    className,
    unsupported: (layer: tf.layers.Layer) => (config(layer).dataFormat === 'channelsFirst' ? 'channelsFirst' : undefined),
    translate(layer, [x], ctx) {
      const c = config(layer);
      const [ph, pw] = pair(c.poolSize);
      const [sh, sw] = pair(c.strides ?? c.poolSize);
      return {
        output: ctx.b.op(op, [x!], [
          attrs.T(), attrs.ints('ksize', [1, ph, pw, 1]), attrs.ints('strides', [1, sh, sw, 1]), attrs.string('padding', String(c.padding).toUpperCase()),
        ], { name: `${layer.name}/${op}` }),
      };
    },
  };
}

export const maxPooling2d = pool('MaxPooling2D', 'MaxPool');
export const averagePooling2d = pool('AveragePooling2D', 'AvgPool');

export const globalAveragePooling2d: LayerTranslator = {
  className: 'GlobalAveragePooling2D',
  unsupported: (layer) => (config(layer).dataFormat === 'channelsFirst' ? 'channelsFirst' : undefined),
  translate: (layer, [x], ctx) => ({
    output: ctx.b.op('Mean', [x!, ctx.b.constInt([1, 2])], [attrs.T(), attrs.type('Tidx', 3), attrs.bool('keep_dims', false)], { name: `${layer.name}/Mean` }),
  }),
};
