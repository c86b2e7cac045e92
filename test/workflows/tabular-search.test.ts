// A real search on the tabular benchmark through Temporal: the workflow, a worker and the real
// training activity, which answers dataset "tabular" by table lookup. Every trial's curve must
// be the table's, its wall time the table's seconds (and a warm-up per resume), and a space the table lacks is refused.
import test from 'ava';
import { withSearchWorker } from '../helpers/search-worker';
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { TABULAR_SPEC, warmUpSeconds } from '../../domain/tabular';
import { tabularTable } from '../../activities/tabular';
import type { SearchResult } from '../../domain/search/types';
import { withStoredTrials } from '../../client/search-client';

test('a tabular search runs through the workflow with looked-up curves and simulated time', async (t) => {
  await withSearchWorker('tabular-search', async ({ env, worker, taskQueue }) => {
    const config = {
      dataset: { name: 'tabular' },
      space: TABULAR_SPEC.space,
      strategy: { type: 'evolution', populationSize: 4, sampleSize: 2 },
      fidelity: { type: 'successive-halving', minEpochs: 1, maxEpochs: 4, eta: 2 },
      budget: { trials: 8 },
      concurrency: 2,
      seed: 3,
      trainingTaskQueue: taskQueue,
    };
    const bad = { ...config, space: { ...TABULAR_SPEC.space, initialFilters: 32 } };
    // The same table named by dataset.table, under ASHA.
    const named = { ...config, dataset: { name: 'tabular', table: 'cell-mnist14' }, strategy: { type: 'random' }, fidelity: { type: 'asha', minEpochs: 1, maxEpochs: 4, eta: 2 } };
    const [result, refused, namedResult] = await worker.runUntil(async () => {
      const ok = await withStoredTrials((await env.client.workflow.execute('nasSearch', { taskQueue, workflowId: `tab-${randomUUID()}`, args: [{ config }] })) as SearchResult);
      const failed = await env.client.workflow
        .execute('nasSearch', { taskQueue, workflowId: `tab-bad-${randomUUID()}`, args: [{ config: bad }] })
        .catch((err: unknown) => err);
      const okNamed = await withStoredTrials((await env.client.workflow.execute('nasSearch', { taskQueue, workflowId: `tab-named-${randomUUID()}`, args: [{ config: named }] })) as SearchResult);
      return [ok, failed, okNamed] as const;
    });

    t.is(result.status, 'completed');
    const table = tabularTable();
    const trained = result.trials.filter((x) => x.status !== 'duplicate');
    t.is(trained.length, 8);
    t.true(trained.some((x) => x.epochs === 4), 'some trial was promoted to the full budget');
    for (const trial of trained) {
      const entry = table.entries[trial.hash as string];
      t.truthy(entry, `${trial.trialId} is in the table`);
      t.deepEqual(trial.history, entry.curve.slice(0, trial.epochs), `${trial.trialId} has the table's curve`);
      // Rungs 1/2/4: a trial at 2 epochs was resumed once, at 4 twice, and each resume pays the warm-up again.
      const resumes = [1, 2, 4].indexOf(trial.epochs);
      const seconds = entry.curve.slice(0, trial.epochs).reduce((s, m) => s + m.seconds, 0) + resumes * warmUpSeconds(entry);
      t.true(Math.abs(trial.wallTimeMs - seconds * 1000) <= 2 * (resumes + 1), `${trial.trialId} took the table's (simulated) time`);
      t.is(trial.backend?.name, 'tabular');
      t.is(trial.params, entry.params);
    }
    t.is(namedResult.status, 'completed');
    for (const trial of namedResult.trials.filter((x) => x.status !== 'duplicate')) {
      t.deepEqual(trial.history, table.entries[trial.hash as string].curve.slice(0, trial.epochs), `${trial.trialId} has the named table's curve`);
      t.is(trial.backend?.package, 'data/tabular/cell-mnist14.json');
    }
    t.true(refused instanceof WorkflowFailedError);
    t.regex(String((refused as WorkflowFailedError).cause?.message), /space\.initialFilters: the tabular benchmark's table holds 16, got 32/);
  });
});
