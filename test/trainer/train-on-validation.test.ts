// Retraining before export trains on the training and validation samples together
// (dataset.trainOnValidation): the split it sees, and a real training with it.
import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { loadDataset, trainingSplit } from '../../trainer/datasets';
import { InvalidTrainRequestError } from '../../trainer/errors';
import type { DatasetConfig } from '../../contracts/training';
import { tinyRequest, trainerTestBed } from './helpers';

const bed = trainerTestBed('retrain');

const dataset: DatasetConfig = { name: 'synthetic', trainSize: 64, validationSize: 32, splitSeed: 4 };

test('trainOnValidation appends the validation samples to the training samples and keeps validation as it is', (t) => {
  const plain = loadDataset(dataset);
  t.is(trainingSplit(dataset), plain, 'without the flag: the cached split itself');
  const joined = trainingSplit({ ...dataset, trainOnValidation: true });
  t.is(joined.train.count, 96);
  t.deepEqual([...joined.train.labels], [...plain.train.labels, ...plain.validation.labels]);
  const sample = 12 * 12;
  t.deepEqual([...joined.train.images.subarray(0, 64 * sample)], [...plain.train.images]);
  t.deepEqual([...joined.train.images.subarray(64 * sample)], [...plain.validation.images]);
  t.is(joined.validation, plain.validation);
  // The cache is untouched: the next plain request still sees 64 training samples.
  t.is(loadDataset(dataset).train.count, 64);
});

test.serial('a training with trainOnValidation sees the extra samples, and a non-boolean is refused naming the field', async (t) => {
  const before = tf.memory().numTensors;
  const run = (trialId: string, d: DatasetConfig) => bed.run(tinyRequest({ trialId, dataset: d, targetEpochs: 2 }));
  const plain = await run('plain', dataset);
  const joined = await run('joined', { ...dataset, trainOnValidation: true });
  t.is(joined.epochsDone, 2);
  // Same seed and network: only the data differs, so the losses do.
  t.not(joined.history[0].loss, plain.history[0].loss);
  await t.throwsAsync(run('bad', { ...dataset, trainOnValidation: 'yes' as unknown as boolean }), {
    instanceOf: InvalidTrainRequestError,
    message: /dataset\.trainOnValidation must be true or false, got yes/,
  });
  t.is(tf.memory().numTensors, before);
});
