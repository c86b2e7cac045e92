// How the graph path turns one tfjs layer into TensorFlow graph operations: one translator per
// layer class (tfjs className), registered in register-all.ts. A model with a layer that has
// no translator (or a configuration a translator refuses) trains on the eager path, and the
// reason is reported.
import type * as tf from '@tensorflow/tfjs';
import type { Output } from '../addon';
import type { GraphBuilder } from '../builder';

export interface TranslateContext {
  b: GraphBuilder;
  /** Training forward pass (batch statistics, moving-average updates) or evaluation. */
  training: boolean;
  /** The current value of one of the layer's weights, by the suffix of its name ('kernel'). */
  weight(layer: tf.layers.Layer, suffix: string): Output | undefined;
  /** A moving average every training step must update: variable -= (variable - value) * (1 - momentum). */
  addUpdate(variable: tf.LayerVariable, value: Output, momentum: number): void;
}

export interface Translated {
  output: Output;
  /** For the network's last layer with a softmax: the logits, from which the loss is computed. */
  logits?: Output;
}

export interface LayerTranslator {
  /** The tfjs layer class this translates (Layer.getClassName()). */
  readonly className: string;
  /** Why this layer cannot be translated, or undefined when it can. */
  unsupported?(layer: tf.layers.Layer): string | undefined;
  translate(layer: tf.layers.Layer, inputs: Output[], ctx: TranslateContext): Translated;
}

export class UnsupportedLayerError extends Error {}

const translators = new Map<string, LayerTranslator>();

export function registerLayerTranslator(t: LayerTranslator): void {
  if (translators.has(t.className)) throw new Error(`a graph translator for '${t.className}' is already registered`);
  translators.set(t.className, t);
}

/** The translator of `layer`; throws UnsupportedLayerError naming the layer and why. */
export function translatorFor(layer: tf.layers.Layer): LayerTranslator {
  const t = translators.get(layer.getClassName());
  if (t === undefined) {
    throw new UnsupportedLayerError(`layer '${layer.name}' (${layer.getClassName()}) has no graph translator; translated: ${[...translators.keys()].join(', ')}`);
  }
  const why = t.unsupported?.(layer);
  if (why !== undefined) throw new UnsupportedLayerError(`layer '${layer.name}' (${layer.getClassName()}): ${why}`);
  return t;
}

/** The layer's configuration as tfjs serialises it. */
export function config(layer: tf.layers.Layer): Record<string, unknown> {
  return layer.getConfig() as Record<string, unknown>;
}

/** The shape of the layer's (single) input, batch dimension first. */
export function inputShapeOf(layer: tf.layers.Layer): Array<number | null> {
  const input = layer.input;
  return (Array.isArray(input) ? input[0]! : input).shape;
}
