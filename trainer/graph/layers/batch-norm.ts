// Batch normalisation of NHWC tensors over the channel axis, as tfjs-layers computes it:
// training normalises with the batch's mean and biased variance and moves the moving averages
// by moving -= (moving - batch) * (1 - momentum); evaluation uses the moving averages.
import type * as tf from '@tensorflow/tfjs';
import { attrs, DT } from '../builder';
import { need } from './conv';
import { config, inputShapeOf, type LayerTranslator } from './translator';

function movingVariables(layer: tf.layers.Layer): { mean: tf.LayerVariable; variance: tf.LayerVariable } {
  const find = (suffix: string) => {
    const v = layer.weights.find((w) => w.name.split('/').pop()?.replace(/_\d+$/, '') === suffix);
    if (v === undefined) throw new Error(`layer '${layer.name}' has no ${suffix}`);
    return v;
  };
  return { mean: find('moving_mean'), variance: find('moving_variance') };
}

export const batchNormalization: LayerTranslator = {
  className: 'BatchNormalization',
  unsupported(layer) {
    const c = config(layer);
    const rank = inputShapeOf(layer).length;
    if (rank !== 4) return `input of rank ${rank} (4 only)`;
    if (c.axis !== -1 && c.axis !== 3) return `axis ${String(c.axis)} (the channel axis only)`;
    if (c.center === false || c.scale === false) return 'center or scale off';
    return undefined;
  },
  translate(layer, [x], ctx) {
    const c = config(layer);
    const { b } = ctx;
    const epsilon = Number(c.epsilon ?? 1e-3);
    const momentum = Number(c.momentum ?? 0.99);
    const gamma = need(ctx, layer, 'gamma');
    const beta = need(ctx, layer, 'beta');
    const common = [attrs.T(), attrs.type('U', DT.float), attrs.float('epsilon', epsilon), attrs.string('data_format', 'NHWC')];
    if (!ctx.training) {
      const y = b.op('FusedBatchNormV3', [x!, gamma, beta, need(ctx, layer, 'moving_mean'), need(ctx, layer, 'moving_variance')],
        [...common, attrs.bool('is_training', false)], { name: `${layer.name}/bn_eval` });
      return { output: y };
    }
    const empty = b.constFloat([], [0]);
    const [y, mean, unbiased] = b.opN('FusedBatchNormV3', 3, [x!, gamma, beta, empty, empty], [...common, attrs.bool('is_training', true)], { name: `${layer.name}/bn` });
    // FusedBatchNorm reports the unbiased variance; tfjs averages the biased one (n - 1)/n of it.
    const channels = inputShapeOf(layer)[3] as number;
    const size = b.op('Cast', [b.op('Size', [x!], [attrs.T(), attrs.type('out_type', DT.int32)])], [attrs.type('SrcT', DT.int32), attrs.type('DstT', DT.float)]);
    const n = b.op('RealDiv', [size, b.scalar(channels)], [attrs.T()]);
    const biased = b.op('Mul', [unbiased!, b.op('RealDiv', [b.op('Sub', [n, b.scalar(1)], [attrs.T()]), n], [attrs.T()])], [attrs.T()], { name: `${layer.name}/biased_variance` });
    const moving = movingVariables(layer);
    ctx.addUpdate(moving.mean, mean!, momentum);
    ctx.addUpdate(moving.variance, biased, momentum);
    return { output: y! };
  },
};

