// continueAsNew with trainings in flight: the run ends at once (no drain), the next run
// schedules those jobs again, and the activities attach to the trainings still running in the
// worker (activities/shared-trainings.ts). Nothing is trained twice, nothing is lost, and every
// run that continued as new had trainings running when it ended. The trainer is a fixed wait.
import test from 'ava';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { Context } from '@temporalio/activity';
import type { temporal } from '@temporalio/proto';
import { createTestEnv } from '../helpers/temporal-test-env';
import { statusQuery } from '../../workflows/definitions';
import type { SearchResult } from '../../domain/search/types';
import type { TrainRequest } from '../../contracts/training';
import type { TrainActivityResult, TrainHeartbeat } from '../../activities/types';
import { createTrialStoreActivities } from '../../activities/trial-store';
import { SharedTrainings } from '../../activities/shared-trainings';
import { jobKey } from '../../activities/train-candidate';
import { withStoredTrials } from '../../client/search-client';

/** Trainings take 300, 450 or 600 ms (by trial), so they end at different times. */
const trainMs = (request: TrainRequest): number => 300 + 150 * (Number(request.trialId.slice(1)) % 3);

function waitResult(request: TrainRequest): TrainActivityResult {
  const valAccuracy = 0.5 + (Number(request.trialId.slice(1)) % 7) / 20;
  const metrics = { epoch: request.targetEpochs, loss: 1 - valAccuracy, accuracy: valAccuracy, valLoss: 1 - valAccuracy, valAccuracy, seconds: trainMs(request) / 1000 };
  return {
    trialId: request.trialId,
    epochsDone: request.targetEpochs,
    checkpoint: { uri: `${request.searchId}/${request.trialId}/epoch-${String(request.targetEpochs).padStart(4, '0')}`, epoch: request.targetEpochs },
    history: [metrics],
    final: metrics,
    params: 10,
    flops: 20,
    wallTimeMs: trainMs(request),
    samplesPerSecond: 1,
    backend: { name: 'wait', package: 'test', version: '0', gpu: false },
    attempt: 1,
    startEpoch: 0,
  };
}

test('continueAsNew with trainings in flight keeps them running and loses nothing', async (t) => {
  const env = await createTestEnv();
  const taskQueue = `carry-${randomUUID()}`;
  const shared = new SharedTrainings<TrainHeartbeat, TrainActivityResult>();
  const starts: string[] = [];
  let activities = 0;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('../../workflows'),
    maxConcurrentActivityTaskExecutions: 8,
    activities: {
      ...createTrialStoreActivities(mkdtempSync(join(tmpdir(), 'carry-'))),
      trainCandidate: (request: TrainRequest) => {
        activities++;
        const first: TrainHeartbeat = { trialId: request.trialId, targetEpochs: request.targetEpochs, epochsDone: 0, history: [] };
        return shared.run(jobKey(request), Context.current(), first, async (training) => {
          starts.push(jobKey(request));
          await new Promise<void>((resolve, reject) => {
            const timer = setTimeout(resolve, trainMs(request));
            training.signal.addEventListener('abort', () => (clearTimeout(timer), reject(new Error('aborted'))), { once: true });
          });
          return waitResult(request);
        });
      },
    },
  });
  try {
    const config = {
      dataset: { name: 'synthetic', trainSize: 64, validationSize: 32 },
      space: { type: 'chain', maxLayers: 3 },
      strategy: { type: 'random' },
      fidelity: { type: 'none', maxEpochs: 1, bracketSize: 6 },
      budget: { trials: 24 },
      concurrency: 3,
      seed: 8,
      trainingTaskQueue: taskQueue,
    };
    const workflowId = randomUUID();
    const { result, generation, runs } = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start('nasSearch', { taskQueue, workflowId, args: [{ config, historyEventLimit: 60 }] });
      const result = await withStoredTrials((await handle.result()) as SearchResult);
      const generation = (await handle.query(statusQuery)).generation;
      // Walk the chain of runs: how many trainings each one left in flight when it ended.
      const runs: { scheduled: number; closed: number; continued: boolean }[] = [];
      for (let runId: string | undefined = handle.firstExecutionRunId; runId !== undefined; ) {
        const history: temporal.api.history.v1.IHistory = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
        const events = history.events ?? [];
        const trainings = new Set(
          events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'trainCandidate').map((e) => String(e.eventId)),
        );
        const closed = events.filter((e) => {
          const a = e.activityTaskCompletedEventAttributes ?? e.activityTaskFailedEventAttributes;
          return a !== undefined && a !== null && trainings.has(String(a.scheduledEventId));
        }).length;
        const next: string | null | undefined = events.find((e) => e.workflowExecutionContinuedAsNewEventAttributes)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
        runs.push({ scheduled: trainings.size, closed, continued: next !== undefined && next !== null });
        runId = next ?? undefined;
      }
      return { result, generation, runs };
    });
    t.log({ generation, runs, activities, starts: starts.length });
    t.true(generation >= 3, `ran ${generation} generations`);
    t.is(result.status, 'completed');
    t.is(result.trials.length, 24);
    t.true(result.trials.every((x) => x.status === 'completed' && x.epochs === 1 && x.history.length === 1));
    // Every job trained exactly once, although runs ended with trainings in flight.
    t.is(starts.length, 24, starts.join(' '));
    t.is(new Set(starts).size, 24);
    const continued = runs.filter((r) => r.continued);
    t.true(continued.length >= 2);
    // Runs end without waiting for their trainings (a drain would close every one first). On a
    // loaded machine a run's last trainings may all have ended by the time it continues, so
    // this asks for runs that did not wait, not that each one had trainings left.
    t.true(continued.some((r) => r.scheduled > r.closed), JSON.stringify(runs));
    // Those in-flight jobs were scheduled again by the next run, and attached there.
    t.true(activities > 24);
  } finally {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await env.teardown();
  }
});
