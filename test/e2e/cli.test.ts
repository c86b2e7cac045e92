// The `nas` command line end to end: a real worker process, real training on synthetic data,
// a real Temporal dev server, and the Temporal CLI's own view of the search.
import anyTest, { type TestFn } from 'ava';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTestEnv } from '../helpers/temporal-test-env';
import { ensureTemporalCli } from '../../infra/temporal/cli-install';
import { killGroup, nasEnv, runNas, startWorkerProcess, waitFor, type NasEnv } from './processes';
import type { SearchResult } from '../../domain/search/types';

const test = anyTest as TestFn<{ env: TestWorkflowEnvironment; nas: NasEnv; worker: ReturnType<typeof startWorkerProcess> }>;

test.before(async (t) => {
  t.context.env = await createTestEnv();
  t.context.nas = nasEnv(t.context.env.address);
  t.context.worker = startWorkerProcess(t.context.nas, ['--concurrency', '2']);
  await waitFor('the worker to poll', () => (t.context.worker.output().includes('worker polling') ? true : undefined), 120_000);
});
test.after.always(async (t) => {
  if (t.context.worker) killGroup(t.context.worker.child, 'SIGTERM');
  await t.context.env?.teardown();
});

function writeConfig(nas: NasEnv, name: string, config: object): string {
  const path = join(nas.home, name);
  writeFileSync(path, JSON.stringify(config));
  return path;
}

const synthetic = {
  dataset: { name: 'synthetic', trainSize: 512, validationSize: 128 },
  space: { type: 'chain', maxLayers: 3, filters: [4, 8], units: [16, 32] },
  strategy: { type: 'random' },
  fidelity: { type: 'successive-halving', minEpochs: 1, maxEpochs: 3, eta: 3 },
  budget: { trials: 6 },
  concurrency: 2,
  seed: 3,
};

test.serial('search --detach, status --json, result --json, and the Temporal CLI sees it', async (t) => {
  const { nas, env } = t.context;
  const started = await runNas(['search', writeConfig(nas, 'a.json', synthetic), '--detach', '--id', 'cli-search-1'], nas);
  t.is(started.code, 0, started.stderr);
  t.is(started.stdout.trim(), 'cli-search-1');

  const status = await waitFor('the search to complete', async () => {
    const r = await runNas(['status', 'cli-search-1', '--json'], nas);
    const parsed = JSON.parse(r.stdout) as { status: string; progress?: { trialsDone: number } };
    return parsed.status === 'running' ? undefined : parsed;
  }, 300_000, 1000);
  t.is(status.status, 'completed');
  t.is(status.progress?.trialsDone, 6);

  const result = await runNas(['result', 'cli-search-1', '--json'], nas);
  t.is(result.code, 0, result.stderr);
  const parsed = JSON.parse(result.stdout) as SearchResult;
  t.is(parsed.searchId, 'cli-search-1');
  t.is(parsed.status, 'completed');
  t.true(parsed.best!.metrics.valAccuracy > 0.6, `best ${parsed.best!.metrics.valAccuracy}`);
  t.is(typeof parsed.best!.params, 'number');
  t.true(parsed.trials.every((x) => typeof x.trialId === 'string' && typeof x.rung === 'number' && typeof x.epochs === 'number'));
  t.true(parsed.trials.every((x) => x.metrics === undefined || typeof x.metrics.valAccuracy === 'number'));

  const cli = await ensureTemporalCli();
  const run = promisify(execFile);
  const list = await run(cli, ['workflow', 'list', '--address', env.address, '--query', "WorkflowType='nasSearch'"]);
  t.regex(list.stdout, /cli-search-1/);
  const query = await run(cli, ['workflow', 'query', '--address', env.address, '--workflow-id', 'cli-search-1', '--type', 'status']);
  t.regex(query.stdout, /"status":\s*"completed"/);
});

test.serial('stop ends a running search as "stopped" with the best so far', async (t) => {
  const { nas } = t.context;
  const long = { ...synthetic, budget: { trials: 40 }, fidelity: { type: 'none', maxEpochs: 2 } };
  const started = await runNas(['search', writeConfig(nas, 'b.json', long), '--detach', '--id', 'cli-search-2'], nas);
  t.is(started.code, 0, started.stderr);
  await waitFor('a first finished trial', async () => {
    const r = JSON.parse((await runNas(['status', 'cli-search-2', '--json'], nas)).stdout) as { progress?: { trialsDone: number } };
    return (r.progress?.trialsDone ?? 0) > 0 ? true : undefined;
  }, 300_000, 1000);
  const stop = await runNas(['stop', 'cli-search-2'], nas);
  t.is(stop.code, 0, stop.stderr);
  const final = await waitFor('the search to stop', async () => {
    const r = JSON.parse((await runNas(['status', 'cli-search-2', '--json'], nas)).stdout) as { status: string };
    return r.status === 'running' ? undefined : r;
  }, 120_000, 1000);
  t.is(final.status, 'stopped');
  const result = JSON.parse((await runNas(['result', 'cli-search-2', '--json'], nas)).stdout) as SearchResult;
  t.truthy(result.best);
  // Nothing is left running or pending, and the budget was not spent (which trials were
  // waiting at the moment of the stop depends on timing).
  t.true(result.trials.every((x) => ['completed', 'pruned', 'failed', 'stopped'].includes(x.status)));
  t.true(result.trials.filter((x) => x.epochs > 0).length < 40);
});

test.serial("list shows each search's own status (stopped, not COMPLETED) in aligned columns", async (t) => {
  const { nas } = t.context;
  const json = await runNas(['list', '--json'], nas);
  t.is(json.code, 0, json.stderr);
  const rows = JSON.parse(json.stdout) as { searchId: string; status: string; workflowStatus: string; trialsDone?: number; bestAccuracy?: number }[];
  const byId = new Map(rows.map((r) => [r.searchId, r]));
  t.is(byId.get('cli-search-1')?.status, 'completed');
  t.is(byId.get('cli-search-1')?.trialsDone, 6);
  t.is(typeof byId.get('cli-search-1')?.bestAccuracy, 'number');
  t.is(byId.get('cli-search-2')?.status, 'stopped');
  t.is(byId.get('cli-search-2')?.workflowStatus, 'COMPLETED');
  const text = await runNas(['list'], nas);
  const lines = text.stdout.trimEnd().split('\n');
  t.regex(lines[0], /^SEARCH\s+STATUS\s+TRIALS\s+BEST\s+WHAT\s+STARTED$/);
  const column = lines[0].indexOf('STATUS');
  t.regex(lines.find((l) => l.startsWith('cli-search-2')) ?? '', /^cli-search-2\s+stopped\s/);
  for (const line of lines.slice(1)) t.regex(line.slice(column), /^(running|completed|stopped|failed) /, line);
});

test.serial('bad input: a clear message naming the key, exit code 2 (4 for an unknown search), nothing started', async (t) => {
  const { nas } = t.context;
  const bad = await runNas(['search', writeConfig(nas, 'bad.json', { ...synthetic, strategy: { type: 'annealing' } }), '--detach'], nas);
  t.is(bad.code, 2);
  t.regex(bad.stderr, /strategy\.type: must be one of "random", "evolution", got "annealing"/);
  const unknown = await runNas(['status', 'no-such-search'], nas);
  t.is(unknown.code, 4);
  t.regex(unknown.stderr, /no search with id "no-such-search"/);
});

test.serial('list --query filters by search attributes on the real server; the Web UI gets a summary and details', async (t) => {
  const { nas, env } = t.context;
  const ids = async (query: string): Promise<string[]> => {
    const r = await runNas(['list', '--json', '--query', query], nas);
    t.is(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as { searchId: string }[]).map((row) => row.searchId).sort();
  };
  // Visibility is eventually consistent: wait until the last upserts are indexed.
  await waitFor('the final search attributes', async () => ((await ids("NasStatus = 'stopped'")).includes('cli-search-2') ? true : undefined), 30_000, 500);
  t.deepEqual(await ids("NasStrategy = 'random' AND NasSpace = 'chain' AND NasDataset = 'synthetic' AND NasBestAccuracy > 0.5"), ['cli-search-1', 'cli-search-2']);
  t.deepEqual(await ids('NasTrialsDone = 6 AND NasTrialsTotal = 6'), ['cli-search-1']);
  t.deepEqual(await ids("NasStatus = 'completed'"), ['cli-search-1']);
  t.deepEqual(await ids('NasBestAccuracy > 1.5'), []);
  const rows = JSON.parse((await runNas(['list', '--json', '--query', "NasStatus = 'completed'"], nas)).stdout) as { bestAccuracy: number; trialsDone: number; strategy: string }[];
  t.is(rows[0].trialsDone, 6);
  t.is(rows[0].strategy, 'random');
  t.true(rows[0].bestAccuracy > 0.5);

  const bad = await runNas(['list', '--query', 'NoSuchAttribute > 3'], nas);
  t.is(bad.code, 2, bad.stderr);
  t.regex(bad.stderr, /--query "NoSuchAttribute > 3" is not a valid visibility query/);

  const description = await env.client.workflow.getHandle('cli-search-1').describe();
  t.regex((await description.staticSummary()) ?? '', /^NAS random · chain space · synthetic · 6 trials$/);
  t.regex((await description.staticDetails()) ?? '', /\| fidelity \| successive halving 1→3 epochs, eta 3 \|/);
  t.is(description.memo?.space, 'chain');
});
