// Entry point of the dataset layer, with the per-process cache. Trainer children are
// long-lived and serve many trials of the same search, so each source is decoded once per
// process and the few most recent splits are kept too.
//
// We deliberately do not also cache decoded data as a binary file for sibling processes:
// measured here, decoding costs ~0.25 s for mnist (JSON.parse of 21 MB) and is a single
// byte->float pass for idx/cifar10, i.e. about what reading a 4x larger float32 cache file
// would cost, while a shared file would add invalidation, atomic-publish and disk-usage
// concerns. Each child pays the decode once in its lifetime, which is negligible next to
// a trial.
import { InvalidTrainRequestError } from '../errors';
import type { DatasetConfig } from '../../contracts/training';
import { decodeCifar10 } from './cifar10';
import { decodeIdx } from './idx';
import { decodeMnist } from './mnist';
import { decodeMnist14 } from './mnist14';
import { splitSource, withTrainingSubset, withValidationInTraining } from './split';
import { generateSynthetic } from './synthetic';
import type { DatasetSplit, SourceDataset } from './types';

/** Without a splitSeed every trial must still see the same split, so the default is fixed. */
export const DEFAULT_SPLIT_SEED = 0;
/** Splits kept: enough for a search's one dataset plus a few neighbours, bounded in memory. */
const SPLIT_CACHE_SIZE = 4;

const sources = new Map<string, SourceDataset>();
const splits = new Map<string, DatasetSplit>();

function decodeSource(config: DatasetConfig): SourceDataset {
  const key = `${config.name}:${config.path ?? ''}`;
  const cached = sources.get(key);
  if (cached !== undefined) return cached;
  let source: SourceDataset;
  switch (config.name) {
    case 'mnist':
      source = decodeMnist();
      break;
    case 'mnist14':
      source = decodeMnist14();
      break;
    case 'idx':
      source = decodeIdx(config.path);
      break;
    case 'cifar10':
      source = decodeCifar10(config.path);
      break;
    default:
      throw new InvalidTrainRequestError(`dataset.name '${String(config.name)}' has no decoder`);
  }
  sources.set(key, source);
  return source;
}

/** The split a DatasetConfig describes, decoded and split at most once per process. */
export function loadDataset(config: DatasetConfig): DatasetSplit {
  const splitSeed = config.splitSeed ?? DEFAULT_SPLIT_SEED;
  if (!Number.isInteger(splitSeed)) throw new InvalidTrainRequestError(`dataset.splitSeed must be an integer, got ${splitSeed}`);
  const key = JSON.stringify([config.name, config.path ?? '', config.trainSize, config.validationSize, splitSeed]);
  const cached = splits.get(key);
  if (cached !== undefined) {
    // Refresh its position so the map's insertion order stays least-recently-used first.
    splits.delete(key);
    splits.set(key, cached);
    return cached;
  }
  const split =
    config.name === 'synthetic'
      ? generateSynthetic(config.trainSize, config.validationSize, splitSeed)
      : splitSource(decodeSource(config), config.trainSize, config.validationSize, splitSeed);
  splits.set(key, split);
  while (splits.size > SPLIT_CACHE_SIZE) splits.delete(splits.keys().next().value as string);
  return split;
}

/** What a training consumes: the cached split, with validation in training when the request says so. */
export function trainingSplit(config: DatasetConfig): DatasetSplit {
  const split = loadDataset(config);
  // Not cached: the cache holds each split once, and a retraining is one job among many.
  const trained = config.trainOnValidation === true ? withValidationInTraining(split) : split;
  return config.subset === undefined ? trained : withTrainingSubset(trained, config.subset);
}

export type { DatasetSplit, SplitPart } from './types';
