// Records the history of a real search (real trainer processes, synthetic data, a real dev
// server) into test/replay/fixtures/, for the replay test to check that today's workflow code
// still makes exactly the decisions recorded. Fixtures are never re-recorded: each one stands
// for the searches its code version started, which must keep running after an upgrade. After a
// versioned (patched) change to the workflow, add a fixture under a new name:
//   npx tsc -p . && node dist/test/replay/record-history.js <name> [config.json]
// (default config: a small evolution search with successive halving on synthetic data).
// A name starting with "retrain" records instead the nasRetrain workflow (nas export --retrain)
// of that search's best trial, as workflow id 'recorded-retrain'.
// --control (with a search fixture) pauses it, raises its budget by one and resumes it, so the
// history holds them.
// --history-limit N (with a search fixture) continues the search as new every N history events
// and records its second run, which began with the first run's trainings in flight and, if the
// search lasts long enough, ends handing its own on (patch 'carry-trainings').
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestEnv } from '../helpers/temporal-test-env';
import { execFileSync } from 'node:child_process';
import type { Client } from '@temporalio/client';
import { ensureTemporalCli } from '../../infra/temporal/cli-install';
import { startNasWorker } from '../../workers/nas-worker';
import type { SearchResult } from '../../domain/search/types';
import { retrainRequest } from '../../client/actions/retrain';
import type { RetrainWorkflowInput } from '../../workflows/retrain-definitions';

/** The workflow id each kind of fixture was recorded under (the replay test needs it). */
export function recordedWorkflowId(fixture: string): string {
  return fixture.startsWith('retrain') ? 'recorded-retrain' : 'recorded-search';
}
import { budgetUpdate, pauseSignal, resumeSignal } from '../../workflows/definitions';
import { withStoredTrials } from '../../client/search-client';

export const FIXTURES_DIR = resolve(__dirname, '..', '..', '..', 'test', 'replay', 'fixtures');

const DEFAULT_CONFIG = {
  dataset: { name: 'synthetic', trainSize: 256, validationSize: 128 },
  space: { type: 'chain', maxLayers: 3, filters: [4, 8], units: [16, 32] },
  strategy: { type: 'evolution', populationSize: 3, sampleSize: 2 },
  fidelity: { type: 'successive-halving', minEpochs: 1, maxEpochs: 3, eta: 3 },
  budget: { trials: 7 },
  concurrency: 2,
  seed: 21,
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const control = args.includes('--control');
  const limitAt = args.indexOf('--history-limit');
  const historyEventLimit = limitAt >= 0 ? Number(args[limitAt + 1]) : undefined;
  if (historyEventLimit !== undefined && !(Number.isInteger(historyEventLimit) && historyEventLimit > 0)) {
    throw new Error(`--history-limit: expected a positive whole number of events, got ${args[limitAt + 1]}`);
  }
  const [name, configPath] = args.filter((a, i) => a !== '--control' && (limitAt < 0 || (i !== limitAt && i !== limitAt + 1)));
  if (!name || !/^[a-z0-9-]+$/.test(name)) throw new Error('usage: record-history.js <fixture-name: lower-case letters, digits, -> [config.json]');
  const fixture = join(FIXTURES_DIR, `${name}.json`);
  const config = configPath ? (JSON.parse(readFileSync(configPath, 'utf8')) as unknown) : DEFAULT_CONFIG;
  const env = await createTestEnv();
  const worker = await startNasWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    roles: ['workflows', 'training'],
    concurrency: 2,
    backend: 'auto',
    artifactRoot: mkdtempSync(join(tmpdir(), 'nas-record-')),
    trainingTaskQueue: 'nas-training',
  });
  try {
    const handle = await env.client.workflow.start('nasSearch', { taskQueue: 'nas-search', workflowId: 'recorded-search', args: [{ config, ...(historyEventLimit ? { historyEventLimit } : {}) }] });
    if (control) {
      await handle.signal(pauseSignal);
      const trials = (config as { budget: { trials: number } }).budget.trials;
      await handle.executeUpdate(budgetUpdate, { args: [trials + 1] });
      await handle.signal(resumeSignal);
    }
    const result = await withStoredTrials((await handle.result()) as SearchResult);
    const workflowId = recordedWorkflowId(name);
    if (workflowId === 'recorded-retrain') {
      const trial = result.trials.find((x) => x.trialId === result.best?.trialId)!;
      const input: RetrainWorkflowInput = { searchId: 'recorded-search', trialId: trial.trialId, request: retrainRequest(result, trial), trainingTaskQueue: 'nas-training' };
      await env.client.workflow.execute('nasRetrain', { taskQueue: 'nas-search', workflowId, args: [input] });
    }
    // The Temporal CLI writes the canonical JSON form that historyFromJSON reads back.
    const cli = await ensureTemporalCli();
    const run = historyEventLimit ? ['--run-id', await secondRun(env.client, workflowId, handle.firstExecutionRunId)] : [];
    const json = execFileSync(cli, ['workflow', 'show', '--address', env.address, '--workflow-id', workflowId, ...run, '--output', 'json'], {
      maxBuffer: 64 * 1024 * 1024,
    }).toString();
    writeFileSync(fixture, json);
    process.stdout.write(`wrote ${(JSON.parse(json) as { events: unknown[] }).events.length} events to ${fixture}\n`);
  } finally {
    await worker.shutdown();
    await env.teardown();
  }
}

/** The run that the first run of a workflow continued as new into. */
async function secondRun(client: Client, workflowId: string, firstRunId: string): Promise<string> {
  const history = await client.workflow.getHandle(workflowId, firstRunId).fetchHistory();
  const next = history.events?.find((e) => e.workflowExecutionContinuedAsNewEventAttributes)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
  if (!next) throw new Error('the search never continued as new: lower --history-limit');
  return next;
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
