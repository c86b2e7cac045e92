// A network-morphism search on a real Temporal dev server with real tiny MNIST trainings, in
// which the parents' checkpoints are truncated before their child trains (paused in between):
// the child trains from fresh weights instead of failing, the search completes, and its
// morphism step says the child did not inherit, and why.
import test from 'ava';
import { withSearchWorker } from '../helpers/search-worker';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { withStoredTrials } from '../../client/search-client';
import type { SearchProgress, SearchResult } from '../../domain/search/types';
import { waitFor } from '../e2e/processes';

test('a child whose parent checkpoint became unreadable trains from scratch; the search completes and the step says why', async (t) => {
  const searchId = `morph-fallback-${randomUUID().slice(0, 8)}`;
  await withSearchWorker('morphism-fallback', async ({ env, worker, taskQueue, artifactRoot }) => {
    // Brackets of one: t0001 and t0002 are random draws, t0003 the child of the better one
    // (as in test/e2e/morphism-crash.test.ts). Three epochs give time to pause while t0002 trains.
    const config = {
      dataset: { name: 'mnist', trainSize: 2048, validationSize: 256 },
      space: { type: 'chain', maxLayers: 2, minLayers: 2, operations: ['conv'], filters: [8], kernelSizes: [3], activations: ['relu'] },
      strategy: { type: 'hillclimb', morphisms: true, children: 1, operators: ['deepen'], inputShape: [28, 28, 1], numClasses: 10 },
      fidelity: { type: 'none', maxEpochs: 3, bracketSize: 1 },
      budget: { trials: 3 },
      concurrency: 1,
      seed: 9,
      trainingTaskQueue: taskQueue,
    };
    const checkpoint = (trialId: string, epoch: number) => join(artifactRoot, searchId, trialId, `epoch-${String(epoch).padStart(4, '0')}`);
    const result = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start('nasSearch', { taskQueue, workflowId: searchId, args: [{ config }] });
      // Pause as soon as t0002's training starts (its folder appears with the attempt record):
      // it finishes its three epochs, the child is not started.
      await waitFor('t0002 to start training', () => (existsSync(join(artifactRoot, searchId, 't0002')) ? true : undefined), 240_000, 20);
      await handle.signal('pause');
      await waitFor('t0002 to finish while paused', async () => {
        const p = await handle.query<SearchProgress>('status');
        return p.trialsDone === 2 && p.running.length === 0 ? p : undefined;
      }, 240_000, 200);
      t.false(existsSync(join(artifactRoot, searchId, 't0003')), 'the child has not started');
      // Both parents' final weights cut short: whichever is the parent, its checkpoint does not read.
      for (const trialId of ['t0001', 't0002']) {
        const weights = join(checkpoint(trialId, 3), 'weights.bin');
        writeFileSync(weights, readFileSync(weights).subarray(0, 100));
      }
      await handle.signal('resume');
      return withStoredTrials((await handle.result()) as SearchResult);
    });

    t.is(result.status, 'completed');
    const child = result.trials.find((x) => x.trialId === 't0003');
    const step = child?.morphism;
    if (child === undefined || step === undefined) return t.fail('t0003 is not a morphism child');
    t.is(child.status, 'completed');
    t.is(child.epochs, 3);
    t.true(['t0001', 't0002'].includes(step.parentId));
    t.false(step.inherited, 'the child did not start from its parent');
    t.is(step.startValAccuracy, undefined);
    t.regex(step.parentUnreadable ?? '', new RegExp(`checkpoint '${searchId}/${step.parentId}/epoch-0003' cannot be read: .*weights\\.bin is 100 bytes.*truncated`));
    // The child's epoch log holds the fallback record at epoch 0.
    const log = readFileSync(join(artifactRoot, searchId, 't0003', 'epochs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; epoch: number; reason?: string });
    const fallback = log.find((r) => r.event === 'fallback');
    t.is(fallback?.epoch, 0);
    t.regex(fallback?.reason ?? '', /the child trained from fresh weights/);
  });
});
