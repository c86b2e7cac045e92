// Compiles a built model for classification with the request's optimiser. The optimiser is
// created here (not passed as a string) so the caller owns it: LayersModel.dispose() does
// not dispose an optimiser it was handed, and the training loop must, to avoid leaking
// Adam's moment variables across trials.
import * as tf from '@tensorflow/tfjs';
import { InvalidTrainRequestError } from '../errors';
import { createAdamOptimizer } from '../native/flat-adam';
import type { TrainingConfig } from '../../contracts/training';

export function makeOptimizer(config: TrainingConfig): tf.Optimizer {
  if (!(config.learningRate > 0) || !Number.isFinite(config.learningRate)) {
    throw new InvalidTrainRequestError(`training.learningRate must be a positive number, got ${config.learningRate}`);
  }
  switch (config.optimizer) {
    case 'adam':
      return createAdamOptimizer(config.learningRate);
    case 'sgd':
      return tf.train.sgd(config.learningRate);
    default:
      throw new InvalidTrainRequestError(`training.optimizer must be adam or sgd, got ${String(config.optimizer)}`);
  }
}

/** Compiles `model` in place and returns the optimiser the caller must dispose. */
export function compileForClassification(model: tf.LayersModel, config: TrainingConfig): tf.Optimizer {
  const optimizer = makeOptimizer(config);
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return optimizer;
}
