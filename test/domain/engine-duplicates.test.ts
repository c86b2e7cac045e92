// A proposal whose network was already evaluated is recorded as a duplicate and never trained
// twice; a space that runs dry ends the search instead of spinning.
import test from 'ava';
import { SearchEngine, MAX_DUPLICATES_PER_SLOT, type LaunchableJob } from '../../domain/search/engine';
import { parseSearchConfig } from '../../domain/config/validate';
import { graphHash } from '../../domain/graph';
import type { JobResult } from '../../domain/search/types';

function result(job: LaunchableJob): JobResult {
  const valAccuracy = 0.5 + (parseInt(graphHash(job.architecture).slice(0, 6), 16) % 400) / 1000;
  const final = { epoch: job.targetEpochs, loss: 1, accuracy: valAccuracy, valLoss: 1, valAccuracy, seconds: 1 };
  return {
    epochsDone: job.targetEpochs,
    checkpoint: { uri: `s/${job.trialId}/epoch-${job.targetEpochs}`, epoch: job.targetEpochs },
    history: [final],
    final,
    params: 10,
    flops: 20,
    wallTimeMs: 1,
    backend: { name: 'fake', package: 'none', version: '0', gpu: false },
  };
}

/** One layer, max or average pooling, window 2 or 3, stride 1 or 2: eight networks in all. */
const tinySpace = { type: 'chain', maxLayers: 1, operations: ['maxpool', 'avgpool'] };

function run(strategy: Record<string, unknown>, deduplicate = true) {
  const config = parseSearchConfig({
    dataset: { name: 'synthetic' },
    space: tinySpace,
    strategy,
    fidelity: { type: 'none', maxEpochs: 1, bracketSize: 2 },
    budget: { trials: 12 },
    concurrency: 2,
    seed: 3,
  });
  const engine = SearchEngine.create(config, 0, { deduplicate });
  const trained: string[] = [];
  for (let jobs = engine.takeJobs(); jobs.length > 0; jobs = engine.takeJobs()) {
    for (const job of jobs) {
      trained.push(graphHash(job.architecture));
      engine.completeJob(job.trialId, result(job));
    }
  }
  return { engine, trained };
}

for (const strategy of [{ type: 'random' }, { type: 'evolution', populationSize: 3, sampleSize: 2 }]) {
  test(`${strategy.type}: no network is trained twice; repeats are recorded as duplicates of the first`, (t) => {
    const { engine, trained } = run(strategy);
    t.true(engine.isDone());
    t.is(new Set(trained).size, trained.length, 'every training was a new network');
    t.is(trained.length, 8, 'the whole space was evaluated, and nothing more');
    const records = engine.trialRecords();
    const duplicates = records.filter((r) => r.status === 'duplicate');
    t.true(duplicates.length > 0);
    for (const d of duplicates) {
      const original = records.find((r) => r.trialId === d.duplicateOf);
      t.truthy(original, `${d.trialId} names its original`);
      t.is(original?.hash, d.hash);
      t.not(original?.status, 'duplicate');
      t.true(original!.trialId < d.trialId);
    }
    const result = engine.result('s', 1);
    t.is(result.status, 'completed');
    const shown = result.trials.find((r) => r.status === 'duplicate')!;
    t.deepEqual(shown.metrics, result.trials.find((r) => r.trialId === shown.duplicateOf)?.metrics, 'a duplicate shows the earlier result');
    t.false(engine.leaderboard().some((e) => duplicates.some((d) => d.trialId === e.trialId)), 'duplicates are not ranked twice');
    t.is(engine.progress(1).duplicates, duplicates.length);
  });
}

test('the space running dry ends the budget after a bounded number of duplicate asks', (t) => {
  const { engine } = run({ type: 'random' });
  // 8 networks, at most MAX_DUPLICATES_PER_SLOT repeats asked for the slot that could not be filled.
  t.true(engine.trialRecords().length <= 8 + 12 * MAX_DUPLICATES_PER_SLOT);
  t.is(engine.trialRecords().filter((r) => r.status !== 'duplicate').length, 8);
});

test('without deduplication (searches started before it existed) every proposal is trained', (t) => {
  const { engine, trained } = run({ type: 'random' }, false);
  t.is(trained.length, 12);
  t.true(new Set(trained).size < trained.length);
  t.is(engine.trialRecords().filter((r) => r.status === 'duplicate').length, 0);
});
