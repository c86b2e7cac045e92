// Builds the tabular benchmark with the engine itself: searches with strategy "exhaustive"
// through the real workflow, worker and trainer (a private Temporal dev server), each covering
// the next `--piece` networks the table lacks, merged into data/tabular/<name>.json (`--name`,
// a table of domain/tabular/spec.ts, complete or being built; cell-mnist14 by default). Resumable: run it again and it
// continues after the last network stored.
//
//   node dist/bench/tabular/build.js [--name cell-mnist14] [--piece 80] [--pieces 1] [--table PATH] [--from INDEX]
//
// --from starts at the first missing network at or after INDEX, so two builders (each with its
// own --table file) can share the work; merge.js joins their files.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureTemporalCli } from '../../infra/temporal/cli-install';
import { SEARCH_ATTRIBUTE_KEYS } from '../../contracts/search-attributes';
import { installWorkerRuntime, startNasWorker } from '../../workers/nas-worker';
import { SEARCH_TASK_QUEUE, SEARCH_WORKFLOW_TYPE } from '../../workflows/definitions';
import { createSpace, distinctNetworks } from '../../domain/spaces';
import { DEFAULT_TABLE, TABLES_BEING_BUILT, buildableSpec, tabularTableNames, type TabularSpec } from '../../domain/tabular';
import type { SearchResult } from '../../domain/search/types';
import { emptyTable, tablePath, readTable, roundedCurve, writeTable } from './table-file';
import { withStoredTrials } from '../../client/search-client';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
}

/** The search config of one piece: the table's space, data and training; every network trained to the table's epochs. */
export function pieceConfig(s: TabularSpec, offset: number, trials: number) {
  return {
    dataset: { name: s.dataset.name, trainSize: s.dataset.trainSize, validationSize: s.dataset.validationSize },
    space: s.space,
    strategy: { type: 'exhaustive', offset },
    fidelity: { type: 'none', maxEpochs: s.epochs },
    training: { ...s.training, backend: 'tensorflow' },
    budget: { trials },
    concurrency: 1,
    // The workflow hands the search seed to the trainer as the split seed.
    seed: s.dataset.splitSeed,
  };
}

async function main(): Promise<void> {
  const piece = Number(option('piece', '80'));
  const pieces = Number(option('pieces', '1'));
  const from = Number(option('from', '0'));
  const name = option('name', DEFAULT_TABLE);
  const spec = buildableSpec(name);
  if (spec === undefined) throw new Error(`--name: no table "${name}" in domain/tabular/spec.ts; one of ${[...tabularTableNames(), ...Object.keys(TABLES_BEING_BUILT)].join(', ')}`);
  const path = option('table', tablePath(name));
  const table = existsSync(path) ? readTable(path, spec) : emptyTable(spec);
  const space = createSpace(spec.space);
  const networks = [...distinctNetworks(space)];
  const indexOf = new Map(networks.map((n) => [n.hash, n]));
  console.log(`space: ${networks.length} distinct networks; table has ${Object.keys(table.entries).length}`);

  installWorkerRuntime();
  const env = await TestWorkflowEnvironment.createLocal({
    server: { searchAttributes: SEARCH_ATTRIBUTE_KEYS, executable: { type: 'existing-path', path: await ensureTemporalCli() } },
  });
  const artifactRoot = mkdtempSync(join(tmpdir(), 'tabular-build-'));
  const worker = await startNasWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    roles: ['workflows', 'training'],
    concurrency: 1,
    backend: 'tensorflow',
    artifactRoot,
    trainingTaskQueue: 'nas-training',
    log: (line) => console.log(line),
    // Walking past `offset` networks of a large space hashes for longer than the SDK's 2 s
    // deadlock detector allows a workflow task; the builder's own searches may.
    debugMode: true,
  });
  try {
    for (let p = 0; p < pieces; p++) {
      const offset = networks.findIndex((n) => n.index >= from && table.entries[n.hash] === undefined);
      if (offset < 0) {
        console.log('the table is complete');
        break;
      }
      const trials = Math.min(piece, networks.length - offset);
      const searchId = `tabular-build-${offset}-${Date.now()}`;
      const started = Date.now();
      console.log(`${searchId}: networks ${offset}..${offset + trials - 1}`);
      const result: SearchResult = await withStoredTrials(await env.client.workflow.execute(SEARCH_WORKFLOW_TYPE, {
        taskQueue: SEARCH_TASK_QUEUE,
        workflowId: searchId,
        args: [{ config: pieceConfig(spec, offset, trials) }],
        // Walking past `offset` networks hashes a few per network: allow it more than 10 s.
        workflowTaskTimeout: '120s',
      }));
      let added = 0;
      for (const trial of result.trials) {
        const network = trial.hash === undefined ? undefined : indexOf.get(trial.hash);
        if (trial.status !== 'completed' || network === undefined || trial.params === undefined || trial.flops === undefined) {
          console.log(`  ${trial.trialId} ${trial.status}: not stored${trial.error ? ` (${trial.error})` : ''}`);
          continue;
        }
        table.entries[network.hash] = { index: network.index, description: trial.description, params: trial.params, flops: trial.flops, curve: roundedCurve(trial.history) };
        added++;
      }
      const wall = (Date.now() - started) / 1000;
      table.build = {
        backend: result.backend ? `${result.backend.package} ${result.backend.version}` : table.build.backend,
        trainSeconds: Math.round(table.build.trainSeconds + result.trials.reduce((sum, t) => sum + t.wallTimeMs, 0) / 1000),
        wallSeconds: Math.round(table.build.wallSeconds + wall),
        searches: [...table.build.searches, searchId],
        builtAt: new Date().toISOString(),
      };
      writeTable(path, table);
      console.log(`${searchId}: stored ${added} networks in ${wall.toFixed(0)} s; table has ${Object.keys(table.entries).length}/${networks.length}`);
    }
  } finally {
    await worker.shutdown();
    await env.teardown();
    rmSync(artifactRoot, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
