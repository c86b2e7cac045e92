// Moves a dataset split onto the backend for one trial, and produces each epoch's shuffled
// copy. Tensors are created per trial and disposed with it (the typed arrays stay cached),
// so nothing is left on the backend between trials.
import * as tf from '@tensorflow/tfjs';
import type { DatasetSplit, SplitPart } from './datasets';
import { seededPermutation } from './permutation';

export interface PartTensors {
  x: tf.Tensor4D;
  /** One-hot float32 labels, as categoricalCrossentropy expects. */
  y: tf.Tensor2D;
  count: number;
}

export interface SplitTensors {
  train: PartTensors;
  validation: PartTensors;
}

function partTensors(part: SplitPart, shape: [number, number, number], numClasses: number): PartTensors {
  return tf.tidy(() => ({
    x: tf.tensor4d(part.images, [part.count, ...shape]),
    y: tf.oneHot(tf.tensor1d(part.labels, 'int32'), numClasses).toFloat() as tf.Tensor2D,
    count: part.count,
  }));
}

export function splitTensors(split: DatasetSplit): SplitTensors {
  return {
    train: partTensors(split.train, split.shape, split.numClasses),
    validation: partTensors(split.validation, split.shape, split.numClasses),
  };
}

export function disposeSplitTensors(t: SplitTensors): void {
  tf.dispose([t.train.x, t.train.y, t.validation.x, t.validation.y]);
}

/** The training set in the order of epoch `epoch`: a permutation seeded by seed + epoch. */
export function shuffledForEpoch(train: PartTensors, seed: number, epoch: number): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const order = seededPermutation(train.count, seed + epoch);
  return tf.tidy(() => {
    const indices = tf.tensor1d(order, 'int32');
    return { x: tf.gather(train.x, indices), y: tf.gather(train.y, indices) };
  });
}
