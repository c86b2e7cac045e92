// A morphism's child through the training activity (issue 7): the parent trains on tiny MNIST,
// its child is initialised from the parent's checkpoint through an exact morphism's weight map,
// and the child's epoch-0 evaluation equals the parent's validation accuracy within noise. A
// child that already trained an epoch and runs again (as after a worker crash) continues from
// its own checkpoint: it does not inherit again.
import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'ava';
import { MORPHISM_TEST_PARENT } from '../helpers/morphism-parent';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities/train-candidate';
import type { TrainRequest } from '../../contracts/training';
import type { TrainActivityResult } from '../../activities/types';
import type { ArchitectureGraph } from '../../contracts/graph';
import { getMorphism, type MorphismContext } from '../../domain/morphisms';
import { Rng } from '../../domain/rng';
import { TrainerPool } from '../../trainer/pool';
import { TEST_BACKEND, removeDir, tempArtifactRoot } from '../trainer/helpers';

const root = tempArtifactRoot('inherit');
const pool = new TrainerPool({ size: 1, artifactRoot: root, backend: TEST_BACKEND });
const activities = createActivities({ pool, artifactRoot: root });
const CTX: MorphismContext = { inputShape: [28, 28, 1], numClasses: 10 };

test.after.always(async () => {
  await pool.close();
  removeDir(root);
});

const PARENT = MORPHISM_TEST_PARENT;

const request = (trialId: string, architecture: ArchitectureGraph, targetEpochs: number, extra: Partial<TrainRequest> = {}): TrainRequest => ({
  searchId: 'inherit-test',
  trialId,
  architecture,
  dataset: { name: 'mnist', trainSize: 512, validationSize: 256, splitSeed: 3 },
  training: { batchSize: 32, learningRate: 0.003, optimizer: 'adam' },
  seed: 5,
  targetEpochs,
  backend: TEST_BACKEND,
  ...extra,
});

const run = (r: TrainRequest): Promise<TrainActivityResult> => new MockActivityEnvironment().run(activities.trainCandidate, r);

test.serial('children of exact morphisms start at their parent\'s validation accuracy, and resume from their own checkpoint', async (t) => {
  const parent = await run(request('parent', PARENT, 2));
  t.true(parent.final.valAccuracy > 0.3, `the parent learned something (${parent.final.valAccuracy})`);

  for (const [operator, site] of [['deepen', 'n1'], ['widen', 'n3'], ['skip-sum', 'n1>n2'], ['skip-concat', 'n1>n2'], ['grow-kernel', 'n1']] as const) {
    const morphism = getMorphism(operator).apply(PARENT, site, CTX, new Rng(9));
    const childId = `child-${operator}`;
    const inheritFrom = { parentTrialId: 'parent', checkpoint: parent.checkpoint, weightMap: morphism.weightMap, operator };
    const child = await run(request(childId, morphism.graph, 1, { inheritFrom }));
    const inherited = child.inherited;
    if (inherited === undefined) return t.fail(`${operator}: the result reports no epoch-0 evaluation`);
    // The same validation split and the same function: equal up to float rounding.
    t.true(Math.abs(inherited.valAccuracy - parent.final.valAccuracy) <= 1 / 256, `${operator}: epoch 0 ${inherited.valAccuracy} vs parent ${parent.final.valAccuracy}`);
    t.true(Math.abs(inherited.valLoss - parent.final.valLoss) <= 1e-4 * parent.final.valLoss, `${operator}: loss ${inherited.valLoss} vs ${parent.final.valLoss}`);
    t.is(child.history.length, 1);

    // Run again to epoch 2, as a retry after a crash would: its own epoch-1 checkpoint is on
    // disk, so it continues from there and does not inherit from the parent again.
    const again = await run(request(childId, morphism.graph, 2, { inheritFrom }));
    t.is(again.startEpoch, 1, `${operator}: resumed from the child's own epoch 1`);
    t.is(again.inherited, undefined, `${operator}: no second inheritance`);
    t.deepEqual(again.history.map((m) => m.epoch), [2]);
  }
  // The parent's checkpoint is still there for further children.
  t.true(fs.existsSync(path.join(root, ...parent.checkpoint.uri.split('/'), 'model.json')));
});

test.serial('after one epoch an inheriting child is at least as good as the same network from scratch (the inheritance is not vacuous)', async (t) => {
  const parent = await run(request('parent2', PARENT, 2));
  const morphism = getMorphism('deepen').apply(PARENT, 'n1', CTX, new Rng(9));
  const inheritFrom = { parentTrialId: 'parent2', checkpoint: parent.checkpoint, weightMap: morphism.weightMap, operator: 'deepen' };
  const child = await run(request('child-deepen-2', morphism.graph, 1, { inheritFrom }));
  const scratch = await run(request('scratch-deepen', morphism.graph, 1));
  t.is(scratch.inherited, undefined);
  t.true((child.inherited?.valAccuracy ?? 0) > 0.3);
  // After one epoch the inheriting child is ahead of the same network trained from scratch.
  t.true(child.final.valAccuracy >= scratch.final.valAccuracy, `${child.final.valAccuracy} vs ${scratch.final.valAccuracy}`);
});
