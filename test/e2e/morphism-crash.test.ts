// Durability of a search with network morphisms (issue 7): kill -9 the worker while a
// morphism's child trains, start a new one, and check that the search completes and that the
// child resumed from its own epoch checkpoint, not from its parent's weights. The search's
// result shows each morphism step (parent, operator, child, epochs after inheriting).
import test from 'ava';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createTestEnv } from '../helpers/temporal-test-env';
import { killGroup, nasEnv, startWorkerProcess, waitFor } from './processes';
import type { SearchResult } from '../../domain/search/types';
import { withStoredTrials } from '../../client/search-client';

interface AttemptLine {
  attempt: number;
  startEpoch: number;
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

test('a morphism search survives kill -9 while a child trains; the child resumes from its own checkpoint', async (t) => {
  const env = await createTestEnv();
  const nas = nasEnv(env.address);
  const workers: ReturnType<typeof startWorkerProcess>[] = [];
  try {
    workers.push(startWorkerProcess(nas, ['--concurrency', '1']));
    const searchId = `morph-crash-${randomUUID().slice(0, 8)}`;
    // Brackets of one: t0001 and t0002 are random draws (a bracket is told after the next is
    // asked), t0003 is a child of the better of them. Epochs of a second or more land the kill
    // between two of the child's checkpoints.
    const config = {
      dataset: { name: 'synthetic', trainSize: 4096, validationSize: 256 },
      space: { type: 'chain', maxLayers: 2, minLayers: 2, operations: ['conv'], filters: [16], kernelSizes: [3], activations: ['relu'] },
      strategy: { type: 'hillclimb', morphisms: true, children: 1, operators: ['deepen', 'widen'], inputShape: [12, 12, 1], numClasses: 4 },
      fidelity: { type: 'none', maxEpochs: 4, bracketSize: 1 },
      budget: { trials: 3 },
      concurrency: 1,
      seed: 9,
    };
    const handle = await env.client.workflow.start('nasSearch', { taskQueue: 'nas-search', workflowId: searchId, args: [{ config }] });
    const searchDir = join(nas.artifacts, searchId);

    const child = join(searchDir, 't0003');
    await waitFor('the child t0003 to checkpoint epoch 1', () => (epochCheckpoints(child).some((e) => e >= 1) ? true : undefined), 240_000, 100);
    killGroup(workers[0].child);
    const savedBeforeKill = Math.max(...epochCheckpoints(child));
    t.log(`killed the worker with the child t0003 at epoch ${savedBeforeKill}`);

    workers.push(startWorkerProcess(nas, ['--concurrency', '1']));
    const result = await withStoredTrials((await handle.result()) as SearchResult);
    t.is(result.status, 'completed');
    const trial = result.trials.find((x) => x.trialId === 't0003');
    t.truthy(trial?.morphism, 'the child is recorded as a morphism step');
    t.is(trial?.morphism?.childId, 't0003');
    t.true(['t0001', 't0002'].includes(trial?.morphism?.parentId as string));
    t.true(trial?.morphism?.inherited, 'it started from its parent');
    t.is(trial?.morphism?.epochsAfterInheriting, 4);

    // The killed attempt started at epoch 0 from the parent; the retry from the child's own
    // checkpoint (a trainer never inherits once a checkpoint of its own is given).
    const runs = attempts(child);
    t.is(runs.length, 2, JSON.stringify(runs));
    t.is(runs[0].startEpoch, 0);
    t.true(runs[1].startEpoch >= 1 && runs[1].startEpoch <= savedBeforeKill, JSON.stringify(runs));
    t.is(trial?.segments[0].resumedFromEpoch, runs[1].startEpoch);
    // The parent's checkpoint outlived the child's training.
    const parentCheckpoint = result.trials.find((x) => x.trialId === trial?.morphism?.parentId)?.checkpoint;
    t.true(existsSync(join(nas.artifacts, ...(parentCheckpoint?.uri.split('/') ?? ['missing']))));
  } finally {
    for (const w of workers) killGroup(w.child);
    await env.teardown();
  }
});
