// Durability: kill -9 the worker (and its trainer processes) in the middle of a search, start a
// new one, and check that the search completes, that no finished training ran again, and that
// the interrupted trial resumed from its last epoch checkpoint.
import test from 'ava';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createTestEnv } from '../helpers/temporal-test-env';
import { killGroup, nasEnv, startWorkerProcess, waitFor } from './processes';
import type { SearchResult } from '../../domain/search/types';
import { withStoredTrials } from '../../client/search-client';
import type { Client } from '@temporalio/client';
import type { EpochMetrics, TrainRequest } from '../../contracts/training';
import { selectBackend } from '../../trainer/backend';
import { train } from '../../trainer/train';
import { removeDir, tempArtifactRoot } from '../trainer/helpers';

interface AttemptLine {
  attempt: number;
  startEpoch: number;
  targetEpochs: number;
  pid: number;
}

function attempts(dir: string): AttemptLine[] {
  const file = join(dir, 'attempts.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as AttemptLine);
}

function epochCheckpoints(dir: string): number[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((n) => /^epoch-\d+$/.test(n)).map((n) => Number(n.slice(6)));
}

/** The TrainRequest the search scheduled for `trialId`, read back from the workflow's history. */
async function scheduledRequest(client: Client, searchId: string, trialId: string): Promise<TrainRequest> {
  const history = await client.workflow.getHandle(searchId).fetchHistory();
  const converter = client.options.loadedDataConverter.payloadConverter;
  for (const event of history.events ?? []) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    const payload = scheduled?.input?.payloads?.[0];
    if (scheduled?.activityType?.name !== 'trainCandidate' || !payload) continue;
    const request = converter.fromPayload<TrainRequest>(payload);
    if (request.trialId === trialId) return request;
  }
  throw new Error(`no trainCandidate activity for ${trialId} in ${searchId}'s history`);
}

const withoutSeconds = ({ seconds: _s, ...m }: EpochMetrics) => m;

test('a search survives kill -9 of its worker; the interrupted trial resumes from its checkpoint', async (t) => {
  const env = await createTestEnv();
  const nas = nasEnv(env.address);
  const workers: ReturnType<typeof startWorkerProcess>[] = [];
  try {
    workers.push(startWorkerProcess(nas, ['--concurrency', '1']));
    const searchId = `crash-${randomUUID().slice(0, 8)}`;
    // Epochs long enough (a second or more) to land the kill between two checkpoints.
    const config = {
      dataset: { name: 'synthetic', trainSize: 4096, validationSize: 256 },
      space: { type: 'chain', maxLayers: 2, minLayers: 2, operations: ['conv'], filters: [16], kernelSizes: [3] },
      strategy: { type: 'random' },
      fidelity: { type: 'none', maxEpochs: 5 },
      budget: { trials: 3 },
      concurrency: 1,
      seed: 9,
    };
    const handle = await env.client.workflow.start('nasSearch', { taskQueue: 'nas-search', workflowId: searchId, args: [{ config }] });
    const searchDir = join(nas.artifacts, searchId);

    // Kill once trial 2 has saved epoch 2 (trial 1 is then finished and must not run again).
    const victim = join(searchDir, 't0002');
    await waitFor('t0002 to checkpoint epoch 2', () => (epochCheckpoints(victim).some((e) => e >= 2) ? true : undefined), 240_000, 100);
    killGroup(workers[0].child);
    const savedBeforeKill = Math.max(...epochCheckpoints(victim));
    t.log(`killed the worker with t0002 at epoch ${savedBeforeKill}`);

    workers.push(startWorkerProcess(nas, ['--concurrency', '1']));
    const result = await withStoredTrials((await handle.result()) as SearchResult);

    t.is(result.status, 'completed');
    t.is(result.trials.length, 3);
    t.true(result.trials.every((x) => x.status === 'completed' && x.epochs === 5));

    // Finished trainings never ran again: one attempt each.
    t.is(attempts(join(searchDir, 't0001')).length, 1);
    t.is(attempts(join(searchDir, 't0003')).length, 1);
    // The interrupted one ran twice; the second attempt started from the checkpoint, not from 0.
    const victimAttempts = attempts(victim);
    t.is(victimAttempts.length, 2, JSON.stringify(victimAttempts));
    t.is(victimAttempts[0].startEpoch, 0);
    t.true(victimAttempts[1].startEpoch >= 2 && victimAttempts[1].startEpoch <= savedBeforeKill, JSON.stringify(victimAttempts));
    t.not(victimAttempts[0].pid, victimAttempts[1].pid);
    const segment = result.trials.find((x) => x.trialId === 't0002')!.segments[0];
    t.is(segment.attempt, 2);
    t.is(segment.resumedFromEpoch, victimAttempts[1].startEpoch);
    // Every epoch's metrics are known, including those of the killed attempt.
    const trial = result.trials.find((x) => x.trialId === 't0002')!;
    t.is(trial.metrics?.epoch, 5);

    // The resume was exact: the same request trained here in one go, on the path the worker
    // used (the graph path by default where TensorFlow runs), gives bit for bit the metrics of
    // every epoch the search recorded, those after the kill included.
    const request = await scheduledRequest(env.client, searchId, 't0002');
    const backend = await selectBackend(request.backend, { log: () => undefined });
    const root = tempArtifactRoot('worker-crash-again');
    try {
      const again = await train(request, { artifactRoot: root, backend });
      t.is(again.trainingPath?.step, backend.name === 'tensorflow' ? 'graph' : 'eager', again.trainingPath?.reason);
      const recorded = new Map(trial.history.map((m) => [m.epoch, withoutSeconds(m)]));
      for (let epoch = victimAttempts[1].startEpoch + 1; epoch <= 5; epoch++) t.true(recorded.has(epoch), `epoch ${epoch} recorded`);
      t.deepEqual(again.history.filter((m) => recorded.has(m.epoch)).map(withoutSeconds), [...recorded.values()]);
    } finally {
      removeDir(root);
    }
  } finally {
    for (const w of workers) killGroup(w.child);
    await env.teardown();
  }
});
