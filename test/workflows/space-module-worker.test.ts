// A search over a family from a user's module, on a real Temporal server: the worker started
// with the module bundles it into the workflow code and runs the search (its history replays
// with the same bundle); a worker started without it fails the search at once, with a message
// naming space.module and how to start the worker. Training is a fast deterministic fake.
import anyTest, { type TestFn } from 'ava';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Worker } from '@temporalio/worker';
import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTestEnv } from '../helpers/temporal-test-env';
import { installWorkerRuntime, startNasWorker, type RunningNasWorker } from '../../workers/nas-worker';
import { workflowSource } from '../../workers/workflow-entry';
import { SEARCH_WORKFLOW_TYPE } from '../../workflows/definitions';
import type { SearchResult } from '../../domain/search/types';
import type { TrainRequest } from '../../contracts/training';
import type { TrainActivityResult } from '../../activities/types';
import { withStoredTrials } from '../../client/search-client';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const test = anyTest as TestFn<{ env: TestWorkflowEnvironment }>;
const MODULE = resolve(__dirname, '..', '..', 'examples', 'spaces', 'tiny-resnet.js');

test.before(async (t) => {
  // Before the first connection: the SDK's INFO logs (webpack stats, worker states) stay quiet.
  installWorkerRuntime();
  t.context.env = await createTestEnv();
});
test.after.always(async (t) => {
  await t.context.env?.teardown();
});

/** Accuracy from the number of graph nodes: deterministic, and different between networks. */
function fakeTrain(request: TrainRequest): TrainActivityResult {
  const valAccuracy = 0.5 + request.architecture.nodes.length / 100;
  const metrics = { epoch: request.targetEpochs, loss: 0.5, accuracy: valAccuracy, valLoss: 0.5, valAccuracy, seconds: 0.01 };
  return {
    trialId: request.trialId,
    epochsDone: request.targetEpochs,
    checkpoint: { uri: `${request.searchId}/${request.trialId}/epoch-${request.targetEpochs}`, epoch: request.targetEpochs },
    history: [metrics],
    final: metrics,
    params: 100,
    flops: 200,
    wallTimeMs: 5,
    samplesPerSecond: 1000,
    backend: { name: 'fake', package: 'test', version: '0', gpu: false },
    attempt: 1,
    startEpoch: request.resumeFrom?.epoch ?? 0,
  };
}

const config = (trainingTaskQueue: string) => ({
  dataset: { name: 'synthetic', trainSize: 64, validationSize: 32 },
  space: { type: 'tiny-resnet', module: MODULE, stages: 2 },
  strategy: { type: 'evolution', populationSize: 3, sampleSize: 2 },
  fidelity: { type: 'none', maxEpochs: 1 },
  budget: { trials: 6 },
  concurrency: 2,
  seed: 3,
  trainingTaskQueue,
});

/** A workflows-only NAS worker (with or without the module) and a fake training worker, for one search. */
async function withWorkers<T>(env: TestWorkflowEnvironment, spaceModules: string[], fn: (searchQueue: string, trainingQueue: string) => Promise<T>): Promise<T> {
  const searchQueue = `search-${randomUUID()}`;
  const trainingQueue = `training-${randomUUID()}`;
  const nas: RunningNasWorker = await startNasWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    roles: ['workflows'],
    concurrency: 1,
    backend: 'cpu',
    artifactRoot: mkdtempSync(join(tmpdir(), 'space-module-worker-')),
    trainingTaskQueue: trainingQueue,
    searchTaskQueue: searchQueue,
    spaceModules,
    log: () => undefined,
  });
  const training = await Worker.create({ connection: env.nativeConnection, taskQueue: trainingQueue, activities: { trainCandidate: async (r: TrainRequest) => fakeTrain(r) } });
  try {
    return await training.runUntil(fn(searchQueue, trainingQueue));
  } finally {
    await nas.shutdown();
  }
}

test('a worker started with the module runs a search over its family, and the history replays', async (t) => {
  const { env } = t.context;
  await withWorkers(env, [MODULE], async (searchQueue, trainingQueue) => {
    const handle = await env.client.workflow.start(SEARCH_WORKFLOW_TYPE, { taskQueue: searchQueue, workflowId: randomUUID(), args: [{ config: config(trainingQueue) }] });
    const result = await withStoredTrials((await handle.result()) as SearchResult);
    t.is(result.status, 'completed');
    t.is(result.trials.length, 6);
    for (const trial of result.trials) {
      t.is(trial.architecture.type, 'tiny-resnet');
      t.regex(trial.description, /^\d+ch k\d(x2)?( k\d(x2)?)* \| \d+ch\/2 k\d/);
    }
    t.true(result.best!.graph!.nodes.some((n) => n.id === 's1_down'));
    const source = workflowSource([MODULE]);
    try {
      await t.notThrowsAsync(Worker.runReplayHistory({ workflowsPath: source.workflowsPath, bundlerOptions: source.bundlerOptions }, await handle.fetchHistory()));
    } finally {
      source.cleanup();
    }
  });
});

test('a worker started without the module fails the search at once, naming space.module and the fix', async (t) => {
  const { env } = t.context;
  await withWorkers(env, [], async (searchQueue, trainingQueue) => {
    const handle = await env.client.workflow.start(SEARCH_WORKFLOW_TYPE, { taskQueue: searchQueue, workflowId: randomUUID(), args: [{ config: config(trainingQueue) }] });
    const err = await t.throwsAsync(handle.result(), { instanceOf: WorkflowFailedError });
    const message = err?.cause?.message ?? '';
    t.true(
      message.includes(`space.module: space.type "tiny-resnet" is not registered here: the module ${MODULE} was not loaded by this process. Workers load it when they start: nas worker --space-module ${MODULE}`),
      message,
    );
  });
});
