// A morphism's child whose parent checkpoint cannot be read back (a crash while it was written,
// disk trouble) trains from fresh weights instead of failing, as a resume from an unreadable
// checkpoint falls back (resume-fallback.test.ts); the result and the child's epoch log say
// why, and the parent's checkpoint is left as it is. Real tiny MNIST trainings.
import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'ava';
import { MORPHISM_TEST_PARENT } from '../helpers/morphism-parent';
import { EPOCH_LOG, type EpochRecord } from '../../trainer/epoch-log';
import { openArtifactStore } from '../../store';
import { getMorphism } from '../../domain/morphisms';
import { Rng } from '../../domain/rng';
import type { ArchitectureGraph } from '../../contracts/graph';
import type { TrainRequest } from '../../contracts/training';
import { TEST_BACKEND, trainerTestBed } from './helpers';

const { root, backend, run, withoutSeconds, weightsOf, checkpointDirs } = trainerTestBed('inherit-fallback');

const PARENT = MORPHISM_TEST_PARENT;
const morphism = getMorphism('deepen').apply(PARENT, 'n1', { inputShape: [28, 28, 1], numClasses: 10 }, new Rng(9));

const request = (trialId: string, architecture: ArchitectureGraph, extra: Partial<TrainRequest> = {}): TrainRequest => ({
  searchId: 'search-test',
  trialId,
  architecture,
  dataset: { name: 'mnist', trainSize: 256, validationSize: 128, splitSeed: 3 },
  training: { batchSize: 32, learningRate: 0.003, optimizer: 'adam' },
  seed: 5,
  targetEpochs: 1,
  backend: TEST_BACKEND,
  ...extra,
});

test.serial('a child whose parent checkpoint is truncated trains from fresh weights, says why, and leaves the parent checkpoint alone', async (t) => {
  const parent = await run(request('parent', PARENT));
  const inheritFrom = { parentTrialId: 'parent', checkpoint: parent.checkpoint, weightMap: morphism.weightMap, operator: 'deepen' };
  // While the parent's checkpoint reads, the child inherits (the fallback is not taken).
  const child = await run(request('child', morphism.graph, { inheritFrom }));
  t.truthy(child.inherited);
  t.is(child.inheritFallback, undefined);

  // The parent's weights cut short: what a crash mid-write or a bad disk leaves.
  const weights = path.join(root, ...parent.checkpoint.uri.split('/'), 'weights.bin');
  const whole = fs.readFileSync(weights);
  fs.writeFileSync(weights, whole.subarray(0, 100));
  const orphan = await run(request('orphan', morphism.graph, { inheritFrom }));
  const scratch = await run(request('scratch', morphism.graph));

  const fallback = orphan.inheritFallback;
  t.deepEqual(fallback?.requested, parent.checkpoint);
  t.is(fallback?.parentTrialId, 'parent');
  t.regex(fallback?.reason ?? '', /checkpoint 'search-test\/parent\/epoch-0001' cannot be read: .*weights\.bin is 100 bytes, its manifest says \d+ \(truncated or overwritten\)/);
  t.is(orphan.inherited, undefined, 'no epoch-0 evaluation of inherited weights');
  t.is(orphan.resumeFallback, undefined);
  t.deepEqual(orphan.history.map((m) => m.epoch), [1]);
  // Fresh weights: the same training as the child's network from scratch.
  if (!backend().gpu) {
    t.deepEqual(withoutSeconds(orphan), withoutSeconds(scratch));
    t.true(weightsOf(orphan).equals(weightsOf(scratch)), 'weights.bin byte-identical to the training from scratch');
  }
  // The parent's checkpoint is not the child's to remove: still there, still truncated.
  t.deepEqual(checkpointDirs('parent'), ['epoch-0001']);
  t.is(fs.statSync(weights).size, 100);

  // The child's epoch log says why it started at epoch 0.
  const log = (await openArtifactStore(root).readRecords('search-test', 'orphan', EPOCH_LOG)) as EpochRecord[];
  const record = log.find((r) => r.event === 'fallback');
  t.is(record?.epoch, 0);
  t.is(record?.from, 0);
  t.regex(record?.reason ?? '', /parent parent's checkpoint 'search-test\/parent\/epoch-0001' is unreadable, the child trained from fresh weights; skipped: .*truncated/);
  t.deepEqual(log.filter((r) => r.call === record?.call && r.event === 'start').map((r) => r.epoch), [1]);
});

test.serial('a parent checkpoint that reads but does not fit the weight map still fails the child: only unreadable ones fall back', async (t) => {
  const parent = await run(request('parent-fits', PARENT));
  // A map naming a node the parent does not have: the checkpoint reads, the inheritance cannot work.
  const weightMap = { ...morphism.weightMap, nodes: { ...morphism.weightMap.nodes, n3: { kind: 'inherit' as const, from: 'n9' } } };
  const inheritFrom = { parentTrialId: 'parent-fits', checkpoint: parent.checkpoint, weightMap, operator: 'deepen' };
  await t.throwsAsync(run(request('misfit', morphism.graph, { inheritFrom })), { message: /node 'n3' inherits 'n9\/kernel', which the parent checkpoint does not hold/ });
});
