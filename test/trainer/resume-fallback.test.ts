// A resume whose checkpoint cannot be read back (a crash while it was written, disk trouble)
// goes on from the newest earlier checkpoint that reads, or from fresh weights, instead of
// failing the training; the result and the trial's epoch log say what was skipped and why.
import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'ava';
import { EPOCH_LOG, type EpochRecord } from '../../trainer/epoch-log';
import { openArtifactStore } from '../../store';
import type { TrainResult } from '../../contracts/training';
import { ALL_OPS, tinyRequest, trainerTestBed } from './helpers';

const { root, backend, run, withoutSeconds, weightsOf, checkpointDirs } = trainerTestBed('resume-fallback');
const fileOf = (trialId: string, epoch: number, name: string) => path.join(root, 'search-test', trialId, `epoch-${String(epoch).padStart(4, '0')}`, name);

const base = tinyRequest({
  architecture: ALL_OPS,
  dataset: { name: 'synthetic', trainSize: 64, validationSize: 32, splitSeed: 3 },
  training: { batchSize: 8, learningRate: 0.01, optimizer: 'adam' },
  seed: 9,
});

/** Trains `trialId` one epoch per call up to `epochs`, each call resuming from the last: checkpoints 1..epochs stay. */
async function stepwise(trialId: string, epochs: number): Promise<TrainResult> {
  let last = await run({ ...base, trialId, targetEpochs: 1 });
  for (let e = 2; e <= epochs; e++) last = await run({ ...base, trialId, targetEpochs: e, resumeFrom: last.checkpoint });
  return last;
}

test.serial('unreadable newest checkpoints: training goes on from the newest one that reads, as if never interrupted', async (t) => {
  const whole = await run({ ...base, trialId: 'whole', targetEpochs: 4 });
  const third = await stepwise('fallback', 3);
  t.deepEqual(checkpointDirs('fallback'), ['epoch-0001', 'epoch-0002', 'epoch-0003']);
  // Epoch 3's weights cut short, epoch 2's manifest garbled: what a crash mid-write or a bad disk leaves.
  const weights = fileOf('fallback', 3, 'weights.bin');
  fs.writeFileSync(weights, fs.readFileSync(weights).subarray(0, 100));
  fs.writeFileSync(fileOf('fallback', 2, 'manifest.json'), '{"format": "nas-artifact-manif');

  const resumed = await run({ ...base, trialId: 'fallback', targetEpochs: 4, resumeFrom: third.checkpoint });
  const fallback = resumed.resumeFallback;
  t.deepEqual(fallback?.requested, third.checkpoint);
  t.deepEqual(fallback?.resumedFrom, { uri: 'search-test/fallback/epoch-0001', epoch: 1 });
  t.deepEqual(fallback?.unreadable.map((u) => u.uri), ['search-test/fallback/epoch-0003', 'search-test/fallback/epoch-0002']);
  t.regex(fallback!.unreadable[0].reason, /weights\.bin is 100 bytes, its manifest says \d+ \(truncated or overwritten\)/);
  t.regex(fallback!.unreadable[1].reason, /manifest\.json is not JSON/);
  // Epochs 2..4 trained again from epoch 1: the same run as one uninterrupted training.
  t.deepEqual(resumed.history.map((m) => m.epoch), [2, 3, 4]);
  t.is(resumed.epochsDone, 4);
  if (!backend().gpu) {
    t.deepEqual(withoutSeconds(resumed), withoutSeconds(whole).slice(1));
    t.true(weightsOf(resumed).equals(weightsOf(whole)), 'weights.bin byte-identical to the uninterrupted training');
  }
  // The unreadable checkpoints were replaced: epoch 3 (the one the request named) is whole again.
  t.deepEqual(checkpointDirs('fallback'), ['epoch-0001', 'epoch-0003', 'epoch-0004']);
  await t.notThrowsAsync(openArtifactStore(root).getCheckpoint('search-test/fallback/epoch-0003'));
  // The trial's epoch log says why this call started at epoch 1.
  const log = (await openArtifactStore(root).readRecords('search-test', 'fallback', EPOCH_LOG)) as EpochRecord[];
  const record = log.find((r) => r.event === 'fallback');
  t.is(record?.epoch, 1);
  t.is(record?.from, 1);
  t.regex(record?.reason ?? '', /checkpoint 'search-test\/fallback\/epoch-0003' is unreadable, resumed from epoch 1 .*truncated/);
  t.deepEqual(log.filter((r) => r.call === record?.call && r.event === 'start').map((r) => r.epoch), [2, 3, 4]);
});

test.serial('no readable checkpoint at all: training starts from fresh weights and matches a training from scratch', async (t) => {
  const scratch = await run({ ...base, trialId: 'scratch', targetEpochs: 2 });
  const first = await run({ ...base, trialId: 'fresh', targetEpochs: 1 });
  fs.writeFileSync(fileOf('fresh', 1, 'model.json'), '{}');
  const resumed = await run({ ...base, trialId: 'fresh', targetEpochs: 2, resumeFrom: first.checkpoint });
  t.is(resumed.resumeFallback?.resumedFrom, undefined);
  t.regex(resumed.resumeFallback?.unreadable[0].reason ?? '', /model\.json is 2 bytes, its manifest says \d+ \(truncated or overwritten\)/);
  t.deepEqual(resumed.history.map((m) => m.epoch), [1, 2]);
  if (!backend().gpu) t.deepEqual(withoutSeconds(resumed), withoutSeconds(scratch));
});

test.serial('a checkpoint that reads but does not fit the request still fails: only unreadable ones fall back', async (t) => {
  const first = await run({ ...base, trialId: 'fits', targetEpochs: 1 });
  const sgd = { ...base, trialId: 'fits', training: { ...base.training, optimizer: 'sgd' as const } };
  await t.throwsAsync(run({ ...sgd, targetEpochs: 2, resumeFrom: first.checkpoint }), { message: /was trained with adam, the request uses sgd/ });
  t.deepEqual(checkpointDirs('fits'), ['epoch-0001'], 'nothing deleted, nothing trained');
});
