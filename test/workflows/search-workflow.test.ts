// The search workflow against a real Temporal dev server, with a fake (instant, deterministic)
// training activity so the loop's logic can be checked quickly: promotion, stop, failures,
// continueAsNew and replay. Real training is covered by the e2e tests.
import anyTest, { type TestFn } from 'ava';
import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTestEnv } from '../helpers/temporal-test-env';
import { resultQuery, statusQuery, stopSignal } from '../../workflows/definitions';
import type { SearchResult } from '../../domain/search/types';
import type { TrainRequest } from '../../contracts/training';
import type { TrainActivityResult } from '../../activities/types';
import { createTrialStoreActivities } from '../../activities/trial-store';
import { withStoredTrials } from '../../client/search-client';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const test = anyTest as TestFn<{ env: TestWorkflowEnvironment }>;

test.before(async (t) => {
  t.context.env = await createTestEnv();
});
test.after.always(async (t) => {
  await t.context.env?.teardown();
});

/** Accuracy is a pure function of the architecture and epochs, like a perfectly repeatable trainer. */
function fakeTrain(request: TrainRequest): TrainActivityResult {
  const text = JSON.stringify(request.architecture);
  let h = 7;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) >>> 0;
  const valAccuracy = 0.5 + 0.4 * ((h % 997) / 997) + 0.09 * (1 - 1 / request.targetEpochs);
  const start = request.resumeFrom?.epoch ?? 0;
  const metrics = (epoch: number) => ({ epoch, loss: 1 - valAccuracy, accuracy: valAccuracy, valLoss: 1 - valAccuracy, valAccuracy, seconds: 0.01 });
  const history = Array.from({ length: request.targetEpochs - start }, (_, i) => metrics(start + i + 1));
  return {
    trialId: request.trialId,
    epochsDone: request.targetEpochs,
    checkpoint: { uri: `${request.searchId}/${request.trialId}/epoch-${request.targetEpochs}`, epoch: request.targetEpochs },
    history,
    final: metrics(request.targetEpochs),
    params: 100,
    flops: 200,
    wallTimeMs: 5,
    samplesPerSecond: 1000,
    backend: { name: 'fake', package: 'test', version: '0', gpu: false },
    attempt: 1,
    startEpoch: start,
  };
}

const baseConfig = (taskQueue: string, extra: Record<string, unknown> = {}) => ({
  dataset: { name: 'synthetic', trainSize: 64, validationSize: 32 },
  space: { type: 'chain', maxLayers: 3 },
  strategy: { type: 'evolution', populationSize: 4, sampleSize: 2 },
  fidelity: { type: 'successive-halving', minEpochs: 1, maxEpochs: 9, eta: 3 },
  budget: { trials: 12 },
  concurrency: 3,
  seed: 5,
  trainingTaskQueue: taskQueue,
  ...extra,
});

async function withWorker<T>(
  env: TestWorkflowEnvironment,
  train: (r: TrainRequest) => Promise<TrainActivityResult>,
  fn: (taskQueue: string) => Promise<T>,
): Promise<T> {
  const taskQueue = `test-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('../../workflows'),
    // The search's settled trials go to a trial store of their own.
    activities: { trainCandidate: train, ...createTrialStoreActivities(mkdtempSync(join(tmpdir(), 'search-workflow-'))) },
  });
  return worker.runUntil(fn(taskQueue));
}

test('a search runs its brackets to completion and its history replays', async (t) => {
  const { env } = t.context;
  const calls: string[] = [];
  const result = await withWorker(
    env,
    async (r) => {
      calls.push(`${r.trialId}:${r.resumeFrom?.epoch ?? 0}->${r.targetEpochs}`);
      return fakeTrain(r);
    },
    async (taskQueue) => {
      const handle = await env.client.workflow.start('nasSearch', { taskQueue, workflowId: randomUUID(), args: [{ config: baseConfig(taskQueue) }] });
      const r = await withStoredTrials((await handle.result()) as SearchResult);
      const final = await handle.query(statusQuery);
      t.is(final.status, 'completed');
      t.is(final.trialsDone, 12);
      const history = await handle.fetchHistory();
      await t.notThrowsAsync(Worker.runReplayHistory({ workflowsPath: require.resolve('../../workflows') }, history));
      return r;
    },
  );
  t.is(result.status, 'completed');
  t.is(result.trials.length, 12);
  // Brackets 9 + 3: rung 0 has 12 jobs, rung 1 has 3 + 1, rung 2 has 1 + 1.
  t.is(calls.filter((c) => c.endsWith('->1')).length, 12);
  t.is(calls.filter((c) => c.endsWith('->3')).length, 4);
  t.is(calls.filter((c) => c.endsWith('->9')).length, 2);
  // Promoted trials continue from their checkpoint instead of starting over.
  t.true(calls.filter((c) => c.endsWith('->3')).every((c) => c.includes(':1->3')));
  t.true(calls.filter((c) => c.endsWith('->9')).every((c) => c.includes(':3->9')));
  const best = result.best!;
  t.is(best.epochs, 9);
  t.is(best.metrics.valAccuracy, Math.max(...result.trials.map((x) => x.metrics?.valAccuracy ?? 0)));
  // Every trial carries its per-epoch metrics across rungs, and the backend that trained it.
  for (const trial of result.trials) {
    t.deepEqual(trial.history.map((m) => m.epoch), Array.from({ length: trial.epochs }, (_, i) => i + 1));
    t.is(trial.backend?.name, 'fake');
  }
});

test('continueAsNew keeps the search identical and the history short', async (t) => {
  const { env } = t.context;
  const run = (limit?: number) =>
    withWorker(env, async (r) => fakeTrain(r), async (taskQueue) => {
      const handle = await env.client.workflow.start('nasSearch', {
        taskQueue,
        workflowId: randomUUID(),
        args: [{ config: baseConfig(taskQueue), ...(limit ? { historyEventLimit: limit } : {}) }],
      });
      const result = await withStoredTrials((await handle.result()) as SearchResult);
      return { result, progress: await handle.query(statusQuery) };
    });
  const plain = await run();
  const chunked = await run(40);
  t.true(chunked.progress.generation > 1, `ran ${chunked.progress.generation} generations`);
  t.is(plain.progress.generation, 1);
  const shape = (r: SearchResult) => r.trials.map((x) => [x.trialId, x.description, x.status, x.epochs, x.metrics?.valAccuracy]);
  t.deepEqual(shape(chunked.result), shape(plain.result));
});

test('stop finishes the trainings in flight and returns the best so far', async (t) => {
  const { env } = t.context;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let started = 0;
  const result = await withWorker(
    env,
    async (r) => {
      started++;
      await gate;
      return fakeTrain(r);
    },
    async (taskQueue) => {
      const handle = await env.client.workflow.start('nasSearch', { taskQueue, workflowId: randomUUID(), args: [{ config: baseConfig(taskQueue) }] });
      while (started < 3) await new Promise((r) => setTimeout(r, 50));
      const during = await handle.query(resultQuery);
      t.is(during.status, 'running');
      await handle.signal(stopSignal, { reason: 'test' });
      release();
      return withStoredTrials((await handle.result()) as SearchResult);
    },
  );
  t.is(result.status, 'stopped');
  t.is(started, 3, 'nothing new started after stop');
  t.is(result.trials.filter((x) => x.epochs > 0).length, 3);
  t.truthy(result.best);
});

test('a failing training fails its trial, not the search', async (t) => {
  const { env } = t.context;
  const result = await withWorker(
    env,
    async (r) => {
      if (r.trialId === 't0002') throw ApplicationFailure.nonRetryable('architecture does not fit in memory', 'TrainingError');
      return fakeTrain(r);
    },
    async (taskQueue) => {
      const config = baseConfig(taskQueue, { budget: { trials: 3 }, fidelity: { type: 'none', maxEpochs: 2 } });
      const handle = await env.client.workflow.start('nasSearch', { taskQueue, workflowId: randomUUID(), args: [{ config }] });
      return withStoredTrials((await handle.result()) as SearchResult);
    },
  );
  t.is(result.status, 'completed');
  const failed = result.trials.find((x) => x.trialId === 't0002')!;
  t.is(failed.status, 'failed');
  t.is(failed.error, 'architecture does not fit in memory');
  t.is(result.trials.filter((x) => x.status === 'completed').length, 2);
});

test('an invalid config fails the search with the validation message', async (t) => {
  const { env } = t.context;
  const err = await withWorker(env, async (r) => fakeTrain(r), async (taskQueue) => {
    const handle = await env.client.workflow.start('nasSearch', {
      taskQueue,
      workflowId: randomUUID(),
      args: [{ config: { ...baseConfig(taskQueue), budget: { trials: 0 } } }],
    });
    return t.throwsAsync(handle.result(), { instanceOf: WorkflowFailedError });
  });
  t.regex(String((err?.cause as Error | undefined)?.message), /budget\.trials: must be an integer between 1 and 1000000, got 0/);
});

test('with the trial store the queries and the result stay the same size as trials grow', async (t) => {
  const { env } = t.context;
  const sizes = await withWorker(env, async (r) => fakeTrain(r), async (taskQueue) => {
    const config = baseConfig(taskQueue, { strategy: { type: 'random' }, fidelity: { type: 'none', maxEpochs: 3 }, budget: { trials: 80 }, concurrency: 4 });
    const handle = await env.client.workflow.start('nasSearch', { taskQueue, workflowId: randomUUID(), args: [{ config, historyEventLimit: 300 }] });
    const size = async () => ({ status: JSON.stringify(await handle.query(statusQuery)).length, result: JSON.stringify(await handle.query(resultQuery)).length });
    let early: { status: number; result: number } | undefined;
    for (;;) {
      const p = await handle.query(statusQuery);
      if (p.trialsDone >= 16) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    early = await size();
    // A page of the trials the workflow holds, from both queries; a bad page names its field.
    const statusPage = (await handle.query(statusQuery, { limit: 2 })).page;
    const resultPage = await handle.query(resultQuery, { offset: 1, limit: 3 });
    const badPage = await handle.query(statusQuery, { limit: 0 }).then(() => 'answered', (err: unknown) => String(err));
    const result = (await handle.result()) as SearchResult;
    return { early, late: await size(), result, full: await withStoredTrials(result), generation: (await handle.query(statusQuery)).generation, statusPage, resultPage, badPage };
  });
  t.is(sizes.statusPage?.limit, 2);
  t.true((sizes.statusPage?.trials.length ?? 0) <= 2 && (sizes.statusPage?.total ?? 0) >= (sizes.statusPage?.trials.length ?? 0));
  t.true(sizes.resultPage.trials.length <= 3);
  t.deepEqual({ offset: sizes.resultPage.page?.offset, limit: sizes.resultPage.page?.limit }, { offset: 1, limit: 3 });
  t.regex(sizes.badPage, /page\.limit: expected a whole number from 1 to 500, got 0/);
  t.log(sizes.early, sizes.late, sizes.generation);
  t.true(sizes.generation > 1, 'it went through continueAsNew');
  t.true(sizes.late.status <= sizes.early.status * 1.2, `status ${sizes.early.status} -> ${sizes.late.status} bytes`);
  t.true(sizes.late.result <= sizes.early.result * 1.2, `result ${sizes.early.result} -> ${sizes.late.result} bytes`);
  // The returned result holds no trial; they are all in the store, with their histories.
  t.is(sizes.result.trials.length, 0);
  t.is(sizes.result.trialStore?.stored, 80);
  t.is(sizes.full.trials.length, 80);
  t.true(sizes.full.trials.every((x) => x.status === 'completed' && x.history.length === 3));
  t.deepEqual(sizes.full.trials.map((x) => x.trialId), Array.from({ length: 80 }, (_, i) => `t${String(i + 1).padStart(4, '0')}`));
});
