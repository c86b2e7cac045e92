// Which training step trained each trial (graph or eager, and why not the graph) travels from
// the trainer's result through the search workflow into the trial records, the trial store and
// the result, on a real Temporal dev server with real tiny MNIST trainings. Trial records
// written before the field existed still read back, without it.
import test from 'ava';
import { withSearchWorker } from '../helpers/search-worker';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { withStoredTrials } from '../../client/search-client';
import { printSummary } from '../../client/summary';
import { exportReadme } from '../../client/export-readme';
import type { SearchResult } from '../../domain/search/types';

test('every trained trial records its training step in the trial store and the result; old records read without it', async (t) => {
  const searchId = `path-${randomUUID()}`;
  await withSearchWorker('training-path', async ({ env, worker, taskQueue, artifactRoot }) => {
    const config = {
      dataset: { name: 'mnist', trainSize: 256, validationSize: 128 },
      space: { type: 'chain', maxLayers: 2, filters: [4], units: [16] },
      strategy: { type: 'random' },
      // Two rungs: the promoted trial's record must hold the step of its latest training.
      fidelity: { type: 'successive-halving', minEpochs: 1, maxEpochs: 2, eta: 2 },
      budget: { trials: 2 },
      concurrency: 1,
      seed: 4,
      trainingTaskQueue: taskQueue,
    };
    const finished = await worker.runUntil(env.client.workflow.execute('nasSearch', { taskQueue, workflowId: searchId, args: [{ config }] })) as SearchResult;
    t.is(finished.status, 'completed');
    t.truthy(finished.trialStore?.location, 'the trials went to the trial store');
    const result = await withStoredTrials(finished);

    const trained = result.trials.filter((x) => x.status !== 'duplicate' && x.epochs > 0);
    t.true(trained.length >= 1);
    t.true(trained.some((x) => x.epochs === 2), 'a trial was promoted to the second rung');
    for (const trial of trained) {
      const path = trial.trainingPath;
      if (path === undefined) return t.fail(`${trial.trialId} has no trainingPath`);
      // The tensorflow backend has the graph path (the addon is built at install); others say why not.
      t.is(path.step, trial.backend?.name === 'tensorflow' ? 'graph' : 'eager', `${trial.trialId}: ${path.reason ?? ''}`);
      if (path.step === 'eager') t.true((path.reason ?? '').length > 0, 'an eager trial says why not the graph');
      else t.is(path.reason, undefined);
    }
    // The human-readable views say it too: the summary of `nas result`, the README of `nas export`.
    const summary: string[] = [];
    printSummary(result, (line) => summary.push(line));
    const step = trained[0].trainingPath?.step;
    t.regex(summary[0], new RegExp(`trials trained on ${result.backend?.name} \\(${step} step\\)$`));
    const best = result.trials.find((x) => x.trialId === result.best?.trialId);
    if (best === undefined) return t.fail('no best trial');
    t.regex(exportReadme(result, best, 'nas export', 0), new RegExp(`\\| trained on \\| ${result.backend?.name} \\(.*\\), ${step} step`));

    // A record as written before trainingPath existed: the same trial without the field.
    const old = trained[0].trialId;
    const file = join(artifactRoot, searchId, old, 'trial.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
    t.true(lines.every((l) => 'trainingPath' in (JSON.parse(l) as object)), 'the stored record holds the step');
    writeFileSync(file, lines.map((l) => {
      const { trainingPath: _dropped, ...record } = JSON.parse(l) as Record<string, unknown>;
      return JSON.stringify(record);
    }).join('\n') + '\n');
    const reread = await withStoredTrials(finished);
    const oldTrial = reread.trials.find((x) => x.trialId === old);
    t.truthy(oldTrial);
    t.false(oldTrial !== undefined && 'trainingPath' in oldTrial, 'an old record reads back without the field');
    t.deepEqual(reread.trials.filter((x) => x.trialId !== old), result.trials.filter((x) => x.trialId !== old));
  });
});
