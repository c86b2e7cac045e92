// Builds the tfjs model of a chain architecture. Layer names are fixed by position and op
// (l0_conv, l1_maxpool, ..., head) rather than left to tfjs's process-wide counters, so the
// weight names saved in a checkpoint match a model rebuilt in any other process.
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../domain/rng';
import type { ChainArchitecture, ChainLayer } from '../../domain/types';
import { DilatedConv2D } from './dilated-conv-layer';
import { chainCosts } from './shapes';
import { validateChain } from './validate';

/**
 * Initialiser seeds come from their own stream, salted so that they are not the numbers the
 * batch shuffles (seeded seed + epoch) start from.
 */
const INIT_SEED_SALT = 0x1d2e3f4a;

function buildLayer(layer: ChainLayer, name: string, rng: Rng): tf.layers.Layer {
  const kernel = () => tf.initializers.glorotUniform({ seed: rng.seed() });
  switch (layer.op) {
    case 'conv':
      return tf.layers.conv2d({
        name, filters: layer.filters, kernelSize: layer.kernelSize, strides: layer.strides,
        padding: 'same', activation: layer.activation, kernelInitializer: kernel(),
      });
    case 'sepconv':
      return tf.layers.separableConv2d({
        name, filters: layer.filters, kernelSize: layer.kernelSize, strides: layer.strides, padding: 'same',
        activation: layer.activation, depthwiseInitializer: kernel(), pointwiseInitializer: kernel(),
      });
    case 'dilconv':
      return new DilatedConv2D({
        name, filters: layer.filters, kernelSize: layer.kernelSize, dilation: layer.dilation,
        activation: layer.activation, seed: rng.seed(),
      });
    case 'maxpool':
      return tf.layers.maxPooling2d({ name, poolSize: layer.poolSize, strides: layer.strides, padding: 'same' });
    case 'avgpool':
      return tf.layers.averagePooling2d({ name, poolSize: layer.poolSize, strides: layer.strides, padding: 'same' });
    case 'dense':
      return tf.layers.dense({ name, units: layer.units, activation: layer.activation, kernelInitializer: kernel() });
  }
}

/** An uncompiled model: the chain's layers, then flatten (if still spatial) and a softmax head. */
export function buildChainModel(
  arch: ChainArchitecture,
  inputShape: [number, number, number],
  numClasses: number,
  seed: number,
): tf.Sequential {
  validateChain(arch);
  // Shape inference first: it rejects spatial-after-dense with a clear message.
  chainCosts(arch, inputShape, numClasses);
  const rng = new Rng((seed ^ INIT_SEED_SALT) | 0);
  const model = tf.sequential({ name: 'chain' });
  model.add(tf.layers.inputLayer({ name: 'input', inputShape }));
  let spatial = true;
  arch.layers.forEach((layer, i) => {
    if (layer.op === 'dense' && spatial) {
      model.add(tf.layers.flatten({ name: `l${i}_flatten` }));
      spatial = false;
    }
    model.add(buildLayer(layer, `l${i}_${layer.op}`, rng));
  });
  if (spatial) model.add(tf.layers.flatten({ name: 'head_flatten' }));
  model.add(tf.layers.dense({
    name: 'head', units: numClasses, activation: 'softmax',
    kernelInitializer: tf.initializers.glorotUniform({ seed: rng.seed() }),
  }));
  return model;
}
