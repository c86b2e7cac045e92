// A search whose artifact store (S3 on a real versitygw) is down when its trial starts, on a real
// Temporal dev server with a real tiny MNIST training: the training is retried on the store
// outage schedule (contracts/training-retry.ts) and the trial completes once the store is back,
// although the outage lasts longer than the 3 attempts in 3 s that used to fail it. A training
// that diverges still fails at its first attempt, and so does one on a worker whose store refuses
// its settings (a wrong secret key, a bucket that does not exist): configuration, not an outage.
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { startTestS3, type TestS3 } from '../helpers/versitygw';
import { Worker } from '@temporalio/worker';
import { withSearchWorker } from '../helpers/search-worker';
import { createActivities } from '../../activities';
import { openArtifactStore } from '../../store';
import { TrainerPool } from '../../trainer/pool';
import { withStoredTrials } from '../../client/search-client';
import type { SearchResult } from '../../domain/search/types';
import { STORE_OUTAGE_RETRY, STORE_UNAVAILABLE_TYPE, TRAINING_FAILURE_ATTEMPTS } from '../../contracts/training-retry';
import { waitFor } from '../e2e/processes';

interface Context {
  s3: TestS3;
  artifactRoot: string;
  nasHome: string;
}
const test = anyTest as TestFn<Context>;

test.before(async (t) => {
  const s3 = await startTestS3();
  const nasHome = mkdtempSync(join(tmpdir(), 'nas-store-outage-'));
  // The trainer children inherit these when they are forked, the activities read them here.
  Object.assign(process.env, s3.env, { NAS_HOME: nasHome });
  t.context = { s3, artifactRoot: `s3://${s3.bucket}/outage-${randomUUID().slice(0, 8)}`, nasHome };
});

test.after.always(async (t) => {
  const { s3, nasHome } = t.context;
  await s3?.stop();
  rmSync(nasHome, { recursive: true, force: true });
});

const config = (taskQueue: string, training?: object) => ({
  dataset: { name: 'mnist', trainSize: 256, validationSize: 128 },
  space: { type: 'chain', maxLayers: 2, filters: [4], units: [16] },
  strategy: { type: 'random' },
  fidelity: { type: 'none', maxEpochs: 1 },
  budget: { trials: 1 },
  concurrency: 1,
  seed: 3,
  trainingTaskQueue: taskQueue,
  ...(training ? { training } : {}),
});

type Event = temporal.api.history.v1.IHistoryEvent;
const seconds = (e: Event | undefined): number => Number(e?.eventTime?.seconds ?? 0) + (e?.eventTime?.nanos ?? 0) / 1e9;

test.serial('a trial rides out an artifact store outage longer than the old retry policy tolerated and completes', async (t) => {
  const { s3 } = t.context;
  await withSearchWorker('store-outage', ({ env, worker, taskQueue }) => worker.runUntil(async () => {
    const searchId = `outage-${randomUUID().slice(0, 8)}`;
    await s3.down();
    const downAt = Date.now();
    const handle = await env.client.workflow.start('nasSearch', { taskQueue, workflowId: searchId, args: [{ config: config(taskQueue) }] });
    // Down until the training has failed on the store more often than the old policy (3 attempts)
    // allowed, and for at least 10 s: the old policy gave up after about 3 s.
    const pending = await waitFor('the training to be retried past the old policy', async () => {
      const activity = (await handle.describe()).raw.pendingActivities?.find((a) => a.activityType?.name === 'trainCandidate');
      return (activity?.attempt ?? 0) > TRAINING_FAILURE_ATTEMPTS && Date.now() - downAt >= 10_000 ? activity : undefined;
    }, 120_000, 200);
    t.is(pending?.lastFailure?.applicationFailureInfo?.type, STORE_UNAVAILABLE_TYPE, pending?.lastFailure?.message ?? '');
    t.regex(pending?.lastFailure?.message ?? '', new RegExp(`s3://${s3.bucket}/outage-.*failed`), 'the failure names the store');
    await s3.up();
    const outage = (Date.now() - downAt) / 1000;

    const result = await withStoredTrials((await handle.result()) as SearchResult);
    t.is(result.status, 'completed');
    t.is(result.trials[0]?.status, 'completed', result.trials[0]?.error ?? '');
    t.is(result.trials[0]?.epochs, 1);
    const events = (await handle.fetchHistory()).events ?? [];
    const scheduled = events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'trainCandidate');
    t.is(scheduled?.activityTaskScheduledEventAttributes?.retryPolicy?.maximumAttempts, STORE_OUTAGE_RETRY.maximumAttempts, 'scheduled with the store outage schedule');
    const started = events.find((e) => e.activityTaskStartedEventAttributes !== null && e.activityTaskStartedEventAttributes !== undefined);
    const attempt = started?.activityTaskStartedEventAttributes?.attempt ?? 0;
    t.true(attempt > TRAINING_FAILURE_ATTEMPTS, `succeeded at attempt ${attempt}`);
    t.is(started?.activityTaskStartedEventAttributes?.lastFailure?.applicationFailureInfo?.type, STORE_UNAVAILABLE_TYPE);
    const completed = events.find((e) => e.activityTaskCompletedEventAttributes);
    t.log(`store down ${outage.toFixed(1)} s; the training succeeded at attempt ${attempt}, ${(seconds(completed) - seconds(scheduled)).toFixed(1)} s after it was scheduled`);
  }), { artifactRoot: t.context.artifactRoot });
});

test.serial('a training that diverges still fails its trial at the first attempt', async (t) => {
  await withSearchWorker('store-outage', ({ env, worker, taskQueue }) => worker.runUntil(async () => {
    const searchId = `diverges-${randomUUID().slice(0, 8)}`;
    // A learning rate of 10 with plain SGD explodes the loss within the first epoch (DivergenceError).
    const handle = await env.client.workflow.start('nasSearch', { taskQueue, workflowId: searchId, args: [{ config: config(taskQueue, { optimizer: 'sgd', learningRate: 10, batchSize: 16 }) }] });
    const failure = await t.throwsAsync(handle.result(), { instanceOf: WorkflowFailedError });
    t.regex(failure?.cause?.message ?? '', /diverged/);
    const events = (await handle.fetchHistory()).events ?? [];
    const scheduled = events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'trainCandidate');
    const started = events.find((e) => e.activityTaskStartedEventAttributes);
    const failed = events.find((e) => e.activityTaskFailedEventAttributes);
    t.is(started?.activityTaskStartedEventAttributes?.attempt, 1, 'never retried');
    t.is(failed?.activityTaskFailedEventAttributes?.failure?.applicationFailureInfo?.type, 'DivergenceError');
    t.log(`the diverging trial failed ${(seconds(failed) - seconds(scheduled)).toFixed(1)} s after it was scheduled, at attempt 1`);
  }), { artifactRoot: t.context.artifactRoot });
});

/**
 * Runs a one-trial search whose training worker (activities only, its own task queue) uses the
 * store at `artifactRoot`; the search fails with its only trial, whose training must fail at
 * attempt 1 with ArtifactAccessError naming the setting to fix.
 */
async function trialFailsAtOnce(t: ExecutionContext<Context>, artifactRoot: string, fix: RegExp): Promise<void> {
  await withSearchWorker('store-refused', async ({ env, worker, taskQueue }) => {
    const trainingQueue = `refused-${randomUUID()}`;
    // Never trains: the activity's own first store call is refused.
    const pool = new TrainerPool({ size: 1, artifactRoot, backend: 'auto' });
    const trainer = await Worker.create({ connection: env.nativeConnection, taskQueue: trainingQueue, activities: createActivities({ pool, artifactRoot }) });
    try {
      await trainer.runUntil(worker.runUntil(async () => {
        const handle = await env.client.workflow.start('nasSearch', { taskQueue, workflowId: `refused-${randomUUID().slice(0, 8)}`, args: [{ config: config(trainingQueue) }] });
        const failure = await t.throwsAsync(handle.result(), { instanceOf: WorkflowFailedError });
        t.regex(failure?.cause?.message ?? '', fix);
        const events = (await handle.fetchHistory()).events ?? [];
        const scheduled = events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'trainCandidate');
        const ofTraining = (id: unknown) => String(id) === String(scheduled?.eventId);
        const started = events.filter((e) => ofTraining(e.activityTaskStartedEventAttributes?.scheduledEventId));
        const failed = events.find((e) => ofTraining(e.activityTaskFailedEventAttributes?.scheduledEventId));
        t.deepEqual(started.map((e) => e.activityTaskStartedEventAttributes?.attempt), [1], 'never retried');
        const info = failed?.activityTaskFailedEventAttributes?.failure;
        t.is(info?.applicationFailureInfo?.type, 'ArtifactAccessError', info?.message ?? '');
        t.true(info?.applicationFailureInfo?.nonRetryable);
        t.regex(info?.message ?? '', fix);
        t.log(`the trial failed ${(seconds(failed) - seconds(scheduled)).toFixed(1)} s after its training was scheduled, at attempt 1: ${info?.message ?? ''}`);
      }));
    } finally {
      await pool.close();
    }
  }, { artifactRoot: t.context.artifactRoot });
}

test.serial('a training worker with a wrong S3 secret key fails its trial at the first attempt, naming the credential variables', async (t) => {
  const location = `s3://${t.context.s3.bucket}/wrong-secret-${randomUUID().slice(0, 8)}`;
  // What the worker process would have read from its environment; the trainings never start.
  openArtifactStore(location, { ...process.env, AWS_SECRET_ACCESS_KEY: 'not-the-secret' });
  await trialFailsAtOnce(t, location, /SignatureDoesNotMatch.*fix AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
});

test.serial('a training worker whose NAS_ARTIFACTS names a bucket that does not exist fails its trial at the first attempt, naming it', async (t) => {
  await trialFailsAtOnce(t, `s3://no-such-bucket-${randomUUID().slice(0, 8)}/x`, /NoSuchBucket.*The bucket 'no-such-bucket-\w+' does not exist on this S3 endpoint: fix the bucket in NAS_ARTIFACTS/);
});
