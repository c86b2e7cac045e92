// A search over cells proposes some networks twice, listed differently (blocks in another
// order, a block's two edges swapped, a cell the macro skeleton never builds): the engine
// trains each network once and records the re-proposals as duplicates of the first.
import test from 'ava';
import { SearchEngine, type LaunchableJob } from '../../domain/search/engine';
import { parseSearchConfig } from '../../domain/config/validate';
import { createSpace } from '../../domain/spaces';
import { graphHash } from '../../domain/graph';
import type { JobResult } from '../../domain/search/types';
import type { CellArchitecture } from '../../domain/spaces/cell';

function fakeResult(job: LaunchableJob): JobResult {
  const valAccuracy = 0.5 + (graphHash(job.architecture).charCodeAt(0) % 40) / 100;
  const final = { epoch: job.targetEpochs, loss: 1 - valAccuracy, accuracy: valAccuracy, valLoss: 1 - valAccuracy, valAccuracy, seconds: 1 };
  return {
    epochsDone: job.targetEpochs,
    checkpoint: { uri: `${job.trialId}/epoch-${job.targetEpochs}`, epoch: job.targetEpochs },
    history: [final],
    final,
    params: 1,
    flops: 1,
    wallTimeMs: 1,
    backend: { name: 'fake', package: 'none', version: '0', gpu: false },
  };
}

// Random search avoids repeats while it can, so it gets a space it exhausts: one block of two
// operations (7 networks). Evolution mutates its best, which often leads back to a network seen.
const cases = [
  { strategy: { type: 'random' }, blocks: 1, trials: 12 },
  { strategy: { type: 'evolution', populationSize: 4, sampleSize: 2 }, blocks: 2, trials: 60 },
];

for (const { strategy, blocks, trials } of cases) {
  test(`cell, ${strategy.type}: an isomorphic re-proposal is recorded as a duplicate and not trained`, (t) => {
    const config = parseSearchConfig({
      dataset: { name: 'synthetic' },
      space: { type: 'cell', blocks, operations: ['conv3', 'maxpool3'], stacks: 1 },
      strategy,
      fidelity: { type: 'none', maxEpochs: 1, bracketSize: 4 },
      budget: { trials },
      concurrency: 4,
      seed: 3,
    });
    const engine = SearchEngine.create(config, 0);
    const trained: LaunchableJob[] = [];
    while (!engine.isDone()) {
      const jobs = engine.takeJobs();
      if (jobs.length === 0) break;
      for (const job of jobs) {
        trained.push(job);
        engine.completeJob(job.trialId, fakeResult(job));
      }
    }
    const space = createSpace(config.space);
    const records = engine.trialRecords();
    const duplicates = records.filter((r) => r.status === 'duplicate');
    // Each network trained once, whatever listing it was proposed in.
    const trainedHashes = trained.map((j) => graphHash(j.architecture));
    t.is(new Set(trainedHashes).size, trained.length);
    t.is(trained.length + duplicates.length, records.length);
    t.true(duplicates.length > 0, 'the strategy re-proposed networks');
    const byId = new Map(records.map((r) => [r.trialId, r]));
    let relisted = 0;
    for (const d of duplicates) {
      const original = byId.get(d.duplicateOf as string);
      t.truthy(original);
      t.is(d.hash, original?.hash);
      t.is(space.hash(d.architecture), space.hash(original!.architecture));
      t.is(d.epochs, 0, 'a duplicate is not trained');
      t.false(trained.some((j) => j.trialId === d.trialId));
      const [a, b] = [d.architecture as CellArchitecture, original!.architecture as CellArchitecture];
      // With one stack there is no reduction cell: a relisted normal cell is the interesting case.
      if (JSON.stringify(a.normal) !== JSON.stringify(b.normal)) relisted++;
    }
    t.true(relisted > 0, `${relisted} of ${duplicates.length} duplicates had their normal cell listed differently`);
    // The result shows a duplicate with the outcome of the trial that evaluated its network.
    const result = engine.result('s', 1);
    const shown = result.trials.find((r) => r.trialId === duplicates[0].trialId);
    t.is(shown?.duplicateOf, duplicates[0].duplicateOf);
    t.deepEqual(shown?.metrics, byId.get(duplicates[0].duplicateOf as string)?.metrics);
  });
}
