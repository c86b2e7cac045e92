// Every search-space family searched end to end through the `nas` command line: a real worker
// process, a real Temporal dev server, real training on (a few hundred) MNIST digits, random
// search and regularized evolution. Small networks and one epoch keep each search to seconds.
import anyTest, { type TestFn } from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runNas, waitFor, type NasEnv, useSharedWorker, type SharedWorkerContext } from './processes';
import type { SearchResult } from '../../domain/search/types';
import { createSpace } from '../../domain/spaces';
import type { SpaceOptions } from '../../domain/spaces';

const test = anyTest as TestFn<SharedWorkerContext>;
useSharedWorker(test);

/** Each family at a size that trains in a second or two per epoch on 256 digits. */
const SPACES: Record<string, SpaceOptions> = {
  chain: { type: 'chain', maxLayers: 3, filters: [4, 8], units: [16] },
  cell: { type: 'cell', blocks: 2, initialFilters: 4, stacks: 2, cellsPerStack: 1 },
  multibranch: { type: 'multibranch', maxLayers: 3, filters: [4, 8], units: [16] },
  hierarchical: { type: 'hierarchical', motifs: 2, motifNodes: 3, cellNodes: 3, initialFilters: 4, stacks: 2, cellsPerStack: 1 },
};

const STRATEGIES = [
  { type: 'random', trials: 3 },
  // With brackets of one, the fourth trial is proposed once the first two were told: a
  // population of two is full, so it is a mutation.
  { type: 'evolution', populationSize: 2, sampleSize: 1, trials: 4 },
] as const;

async function searchTo(nas: NasEnv, family: string, space: SpaceOptions, { trials, ...strategy }: (typeof STRATEGIES)[number]): Promise<SearchResult> {
  const config = {
    dataset: { name: 'mnist', trainSize: 256, validationSize: 128 },
    space,
    strategy,
    fidelity: { type: 'none', maxEpochs: 1, bracketSize: 1 },
    training: { batchSize: 32 },
    budget: { trials },
    concurrency: 2,
    seed: 5,
  };
  const path = join(nas.home, `${family}-${strategy.type}.json`);
  writeFileSync(path, JSON.stringify(config));
  const id = `spaces-${family}-${strategy.type}`;
  const started = await runNas(['search', path, '--detach', '--id', id], nas);
  if (started.code !== 0) throw new Error(`nas search ${id}: exit code ${started.code}: ${started.stderr}`);
  await waitFor(`the ${id} search to end`, async () => {
    const r = JSON.parse((await runNas(['status', id, '--json'], nas)).stdout) as { status: string };
    return r.status === 'running' ? undefined : r;
  }, 300_000, 1000);
  return JSON.parse((await runNas(['result', id, '--json'], nas)).stdout) as SearchResult;
}

for (const [family, space] of Object.entries(SPACES)) {
  test.serial(`${family} space: nas search with random search and with evolution runs to completion and reports the best network`, async (t) => {
    // Both searches at once: the worker trains two networks at a time.
    const results = await Promise.all(STRATEGIES.map((strategy) => searchTo(t.context.nas, family, space, strategy)));
    results.forEach((result, i) => {
      const { type, trials } = STRATEGIES[i];
      const trialsSeen = JSON.stringify(result.trials.map((x) => [x.trialId, x.status, x.parentId, x.error]));
      t.is(result.status, 'completed', type);
      t.is(result.trials.length, trials, trialsSeen);
      t.true(result.trials.every((x) => x.status === 'completed' || x.status === 'duplicate'), trialsSeen);
      if (type === 'evolution') t.true(result.trials.some((x) => x.parentId !== undefined), `evolution mutated a parent: ${trialsSeen}`);
      const best = result.best!;
      // Ten classes: anything trained beats chance.
      t.true(best.metrics.valAccuracy > 0.1, `${type}: best ${best.metrics.valAccuracy}`);
      // The reported network is the family's, as the space compiles and describes it.
      const s = createSpace(result.config.space);
      t.deepEqual(s.validate(best.architecture), []);
      t.is(best.description, s.describe(best.architecture));
      t.deepEqual(best.graph, s.compile(best.architecture));
    });
  });
}
