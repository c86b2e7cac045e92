// `nas gc` end to end: a real search on a real dev server, then gc through the CLI, checked
// against what the artifact store holds; `nas export` of a kept trial still works after it.
import test from 'ava';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestEnv } from '../helpers/temporal-test-env';
import { killBackgroundWorkers, killGroup, nasEnv, runNas, startWorkerProcess, waitFor } from './processes';
import { LocalDirectoryStore } from '../../store';
import type { SearchResult } from '../../domain/search/types';

test('gc keeps only the top N trials\' checkpoints of a finished search, and refuses a running one', async (t) => {
  const env = await createTestEnv();
  const nas = nasEnv(env.address);
  const worker = startWorkerProcess(nas, ['--concurrency', '2']);
  try {
    // Polling before the search starts, or `nas search --detach` starts a worker of its own.
    await waitFor('the worker to poll', () => (worker.output().includes('worker polling') ? true : undefined), 120_000);
    const config = {
      dataset: { name: 'synthetic', trainSize: 256, validationSize: 64 },
      space: { type: 'chain', maxLayers: 2, filters: [4], units: [16] },
      strategy: { type: 'random' },
      fidelity: { type: 'successive-halving', minEpochs: 1, maxEpochs: 3, eta: 3 },
      budget: { trials: 5 },
      concurrency: 2,
      seed: 5,
    };
    const file = join(nas.home, 'gc.json');
    writeFileSync(file, JSON.stringify(config));
    const started = await runNas(['search', file, '--detach', '--id', 'gc-1'], nas);
    t.is(started.code, 0, started.stderr);
    t.log(started.stderr.trim());
    const early = await runNas(['gc', 'gc-1', '--keep', '1'], nas);
    // Either still running (refused) or, on a fast machine, already done (allowed).
    if (early.code !== 0) t.regex(early.stderr, /still running; gc only finished searches/);

    await waitFor('the search to finish', async () => {
      const r = await runNas(['status', 'gc-1', '--json'], nas);
      return (JSON.parse(r.stdout) as { status: string }).status === 'running' ? undefined : true;
    }, 300_000, 1000);
    const result = JSON.parse((await runNas(['result', 'gc-1', '--json'], nas)).stdout) as SearchResult;
    const store = new LocalDirectoryStore(nas.artifacts);
    const countStored = async () => {
      let n = 0;
      for (const trialId of await store.listTrials('gc-1')) n += (await store.listCheckpoints('gc-1', trialId)).length;
      return n;
    };
    t.true((await countStored()) > 2);

    const dry = await runNas(['gc', 'gc-1', '--keep', '2', '--dry-run'], nas);
    t.is(dry.code, 0, dry.stderr);
    t.regex(dry.stdout, /would remove \d+ checkpoint/);
    const gc = await runNas(['gc', 'gc-1', '--keep', '2'], nas);
    t.is(gc.code, 0, gc.stderr);
    const best = [...result.trials].filter((x) => x.metrics && x.status !== 'duplicate').sort((a, b) => b.metrics!.valAccuracy - a.metrics!.valAccuracy || b.epochs - a.epochs || (a.trialId < b.trialId ? -1 : 1)).slice(0, 2);
    t.is(await countStored(), 2);
    for (const kept of best) t.deepEqual(await store.listCheckpoints('gc-1', kept.trialId), [kept.checkpoint!.epoch]);
    t.regex(gc.stdout, new RegExp(`kept 2 checkpoint\\(s\\) of the top 2 trial\\(s\\) \\(${best.map((b) => b.trialId).join(', ')}\\)`));

    const out = join(nas.home, 'exported');
    const exported = await runNas(['export', 'gc-1', '--out', out], nas);
    t.is(exported.code, 0, exported.stderr);
    t.true(existsSync(join(out, 'model.json')));
  } finally {
    killGroup(worker.child);
    // A background worker outlives the test (and its dev server) unless killed too.
    killBackgroundWorkers(nas);
    await env.teardown();
  }
});
