// fidelity.resource "subset": a training on the first n samples of the training split
// (dataset.subset), against the unchanged validation set; the split it sees and a real training.
import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { loadDataset, trainingSplit } from '../../trainer/datasets';
import { InvalidTrainRequestError } from '../../trainer/errors';
import type { DatasetConfig } from '../../contracts/training';
import { tinyRequest, trainerTestBed } from './helpers';

const { run } = trainerTestBed('subset');

const dataset: DatasetConfig = { name: 'mnist', trainSize: 128, validationSize: 64, splitSeed: 2 };

test('a subset is the first n training samples of the split; validation stays the same', (t) => {
  const whole = loadDataset(dataset);
  const part = trainingSplit({ ...dataset, subset: 32 });
  t.is(part.train.count, 32);
  t.deepEqual([...part.train.labels], [...whole.train.labels.subarray(0, 32)]);
  t.deepEqual([...part.train.images], [...whole.train.images.subarray(0, 32 * 28 * 28)]);
  t.is(part.validation, whole.validation);
  t.is(loadDataset(dataset).train.count, 128, 'the cached split is untouched');
  t.throws(() => trainingSplit({ ...dataset, subset: 129 }), { instanceOf: InvalidTrainRequestError, message: /dataset\.subset must be an integer from 1 to the 128 training samples, got 129/ });
});

test.serial('training on a subset, then continuing from its checkpoint on a larger one', async (t) => {
  const before = tf.memory().numTensors;
  const small = await run(tinyRequest({ trialId: 'sub', dataset: { ...dataset, subset: 32 }, targetEpochs: 1 }));
  const whole = await run(tinyRequest({ trialId: 'whole', dataset, targetEpochs: 1 }));
  // Same seed and network: only the data differs, so the training figures do.
  t.not(small.history[0].loss, whole.history[0].loss);
  const larger = await run(tinyRequest({ trialId: 'sub', dataset: { ...dataset, subset: 64 }, targetEpochs: 2, resumeFrom: small.checkpoint }));
  t.deepEqual(larger.history.map((m) => m.epoch), [2]);
  await t.throwsAsync(run(tinyRequest({ trialId: 'bad', dataset: { ...dataset, subset: 0 }, targetEpochs: 1 })), {
    instanceOf: InvalidTrainRequestError,
    message: /dataset\.subset must be an integer >= 1, got 0/,
  });
  t.is(tf.memory().numTensors, before);
});
