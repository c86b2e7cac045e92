// Checks of a TrainRequest's own fields before any work starts. Architecture and dataset
// details are checked where they are used (model/build.ts, datasets/); this covers the
// rest, so that every invalid request fails fast as a non-retryable error naming the field.
import { checkPathSegment } from './checkpoint-paths';
import { InvalidTrainRequestError } from './errors';
import type { TrainRequest } from '../contracts/training';
import { DATASET_NAMES, isOneOf } from '../contracts/names';

function integer(value: unknown, field: string, min: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new InvalidTrainRequestError(`${field} must be an integer >= ${min}, got ${String(value)}`);
  }
}

export function validateTrainRequest(request: TrainRequest): void {
  checkPathSegment(request.searchId, 'searchId');
  checkPathSegment(request.trialId, 'trialId');
  integer(request.seed, 'seed', Number.MIN_SAFE_INTEGER);
  integer(request.targetEpochs, 'targetEpochs', 1);
  integer(request.training?.batchSize, 'training.batchSize', 1);
  if (!isOneOf(DATASET_NAMES, request.dataset?.name)) {
    throw new InvalidTrainRequestError(`dataset.name must be one of ${DATASET_NAMES.join(', ')}, got ${String(request.dataset?.name)}`);
  }
  if (request.inheritFrom !== undefined) {
    const inherit = request.inheritFrom;
    if (typeof inherit.checkpoint?.uri !== 'string') {
      throw new InvalidTrainRequestError(`inheritFrom.checkpoint must be the parent's checkpoint reference { uri, epoch }, got ${JSON.stringify(inherit.checkpoint)}`);
    }
    integer(inherit.checkpoint.epoch, 'inheritFrom.checkpoint.epoch', 1);
    if (typeof inherit.weightMap?.nodes !== 'object' || inherit.weightMap.nodes === null) {
      throw new InvalidTrainRequestError('inheritFrom.weightMap.nodes must map child node ids to initialisations (see contracts/weight-map.ts)');
    }
  }
  if (request.dataset.trainOnValidation !== undefined && typeof request.dataset.trainOnValidation !== 'boolean') {
    throw new InvalidTrainRequestError(`dataset.trainOnValidation must be true or false, got ${String(request.dataset.trainOnValidation)}`);
  }
  if (request.dataset.subset !== undefined) integer(request.dataset.subset, 'dataset.subset', 1);
  if (request.resumeFrom !== undefined) {
    integer(request.resumeFrom.epoch, 'resumeFrom.epoch', 1);
    if (request.resumeFrom.epoch > request.targetEpochs) {
      throw new InvalidTrainRequestError(
        `resumeFrom.epoch (${request.resumeFrom.epoch}) is beyond targetEpochs (${request.targetEpochs})`,
      );
    }
  }
}
