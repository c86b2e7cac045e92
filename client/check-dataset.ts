// A dataset read from disk (idx, cifar10) is decoded and split here once, as a trainer would,
// so that a missing folder, a folder of garbage or sizes larger than the files hold fail at
// validation, naming dataset.path or the size field, instead of failing every trial.
import type { DatasetSection } from '../domain/config/search-config';
import { ConfigError } from '../domain/config/errors';
import { loadDataset } from '../trainer/datasets';
import { InvalidTrainRequestError } from '../trainer/errors';

export function checkDatasetFiles(dataset: DatasetSection): void {
  if (dataset.path === undefined) return;
  try {
    loadDataset({ name: dataset.name, path: dataset.path, trainSize: dataset.trainSize, validationSize: dataset.validationSize });
  } catch (err) {
    if (err instanceof InvalidTrainRequestError) throw new ConfigError([`${err.message} (checked on this machine; the workers read the same path)`]);
    throw new ConfigError([`dataset.path: '${dataset.path}' cannot be read as dataset '${dataset.name}': ${(err as Error).message}`]);
  }
}
