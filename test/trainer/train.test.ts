// The training loop in-process: determinism of a trial, the per-epoch shuffle, and invalid
// requests failing with a named field and without leaking tensors.
import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { shuffledForEpoch, splitTensors, disposeSplitTensors } from '../../trainer/dataset-tensors';
import { loadDataset } from '../../trainer/datasets';
import { InvalidTrainRequestError } from '../../trainer/errors';
import type { TrainRequest } from '../../contracts/training';
import { tinyRequest, trainerTestBed } from './helpers';

const { backend, run, withoutSeconds } = trainerTestBed('train');

test.serial('the same request gives the same metrics; another seed gives others', async (t) => {
  const a = await run(tinyRequest({ trialId: 'det-a', targetEpochs: 2 }));
  const b = await run(tinyRequest({ trialId: 'det-b', targetEpochs: 2 }));
  const c = await run(tinyRequest({ trialId: 'det-c', targetEpochs: 2, seed: 43 }));
  t.deepEqual(withoutSeconds(a), withoutSeconds(b));
  t.notDeepEqual(withoutSeconds(a), withoutSeconds(c));
  t.is(a.params, b.params);
  t.is(a.backend.name, backend().name);
});

test.serial('epoch e trains on the permutation seeded by seed + e', (t) => {
  const data = splitTensors(loadDataset({ name: 'synthetic', trainSize: 40, validationSize: 8, splitSeed: 2 }));
  try {
    const labels = (seed: number, epoch: number) => {
      const { x, y } = shuffledForEpoch(data.train, seed, epoch);
      const out = Array.from(y.argMax(1).dataSync());
      tf.dispose([x, y]);
      return out;
    };
    t.deepEqual(labels(7, 1), labels(7, 1));
    t.deepEqual(labels(7, 2), labels(8, 1), 'only seed + epoch matters');
    t.notDeepEqual(labels(7, 1), labels(7, 2));
    const original = Array.from(data.train.y.argMax(1).dataSync());
    t.deepEqual([...labels(7, 1)].sort(), [...original].sort(), 'a reordering of the same samples');
  } finally {
    disposeSplitTensors(data);
  }
});

test.serial('invalid requests name the field and leave no tensors behind', async (t) => {
  const before = tf.memory().numTensors;
  const cases: Array<[Partial<TrainRequest>, RegExp]> = [
    [{ targetEpochs: 0 }, /targetEpochs must be an integer >= 1/],
    [{ training: { batchSize: 0, learningRate: 0.01, optimizer: 'adam' } }, /training\.batchSize must be an integer >= 1/],
    [{ training: { batchSize: 8, learningRate: -1, optimizer: 'adam' } }, /training\.learningRate must be a positive number/],
    [{ training: { batchSize: 8, learningRate: 0.1, optimizer: 'rmsprop' as 'adam' } }, /training\.optimizer must be adam or sgd/],
    [{ searchId: 'a/b' }, /searchId 'a\/b' cannot be used as a folder name/],
    [{ dataset: { name: 'imagenet' as 'mnist', trainSize: 1, validationSize: 1 } }, /dataset\.name must be one of/],
  ];
  for (const [override, message] of cases) {
    await t.throwsAsync(run(tinyRequest({ trialId: 'invalid', ...override })), { instanceOf: InvalidTrainRequestError, message });
  }
  t.is(tf.memory().numTensors, before);
});
