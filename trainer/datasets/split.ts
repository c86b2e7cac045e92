// The deterministic train/validation split: the first trainSize indices of a permutation
// seeded by splitSeed form the training set, the next validationSize the validation set.
// Every trial of a search uses the same splitSeed, so they are compared on the same data.
import { InvalidTrainRequestError } from '../errors';
import { seededPermutation } from '../permutation';
import type { DatasetSplit, SourceDataset, SplitPart } from './types';

/** Checks the requested sizes against what the source holds, naming the config fields. */
export function checkSplitSizes(trainSize: number, validationSize: number, available: number, what: string): void {
  if (!Number.isInteger(trainSize) || trainSize < 1) {
    throw new InvalidTrainRequestError(`dataset.trainSize must be a positive integer, got ${trainSize}`);
  }
  if (!Number.isInteger(validationSize) || validationSize < 1) {
    throw new InvalidTrainRequestError(`dataset.validationSize must be a positive integer, got ${validationSize}`);
  }
  if (trainSize + validationSize > available) {
    throw new InvalidTrainRequestError(
      `dataset.trainSize (${trainSize}) + dataset.validationSize (${validationSize}) = ${trainSize + validationSize} ` +
        `exceeds the ${available} samples of ${what}`,
    );
  }
}

function gatherPart(source: SourceDataset, indices: Int32Array): SplitPart {
  const sampleSize = source.height * source.width * source.channels;
  const images = new Float32Array(indices.length * sampleSize);
  const labels = new Uint8Array(indices.length);
  const { pixels, pixelScale } = source;
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i] * sampleSize;
    const to = i * sampleSize;
    for (let k = 0; k < sampleSize; k++) images[to + k] = pixels[from + k] * pixelScale;
    labels[i] = source.labels[indices[i]];
  }
  return { count: indices.length, images, labels };
}

export function splitSource(source: SourceDataset, trainSize: number, validationSize: number, splitSeed: number): DatasetSplit {
  checkSplitSizes(trainSize, validationSize, source.count, source.description);
  const order = seededPermutation(source.count, splitSeed);
  return {
    shape: [source.height, source.width, source.channels],
    numClasses: source.numClasses,
    train: gatherPart(source, order.subarray(0, trainSize)),
    validation: gatherPart(source, order.subarray(trainSize, trainSize + validationSize)),
  };
}

/** The split with its validation samples appended to the training samples (validation kept as is). */
export function withValidationInTraining(split: DatasetSplit): DatasetSplit {
  const { train, validation } = split;
  const images = new Float32Array(train.images.length + validation.images.length);
  images.set(train.images);
  images.set(validation.images, train.images.length);
  const labels = new Uint8Array(train.count + validation.count);
  labels.set(train.labels);
  labels.set(validation.labels, train.count);
  return { ...split, train: { count: train.count + validation.count, images, labels } };
}

/** The split with only its first `count` training samples (validation kept as is); views, no copy. */
export function withTrainingSubset(split: DatasetSplit, count: number): DatasetSplit {
  if (!Number.isInteger(count) || count < 1 || count > split.train.count) {
    throw new InvalidTrainRequestError(`dataset.subset must be an integer from 1 to the ${split.train.count} training samples, got ${count}`);
  }
  const sampleSize = split.train.images.length / split.train.count;
  const { images, labels } = split.train;
  return { ...split, train: { count, images: images.subarray(0, count * sampleSize), labels: labels.subarray(0, count) } };
}
