// Bad input, as a user types it: every case runs the real `nas` binary and must end with one
// clear line naming the offending field (no stack trace), the documented exit code, and
// nothing written: no artifact folder, no search started.
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTestEnv } from '../helpers/temporal-test-env';
import { killGroup, nasEnv, runNas, startWorkerProcess, waitFor, type NasEnv } from './processes';
import { findFreePort } from '../../infra/temporal/ports';
import { SEARCH_WORKFLOW_TYPE } from '../../workflows/definitions';
import { withStoredTrials } from '../../client/search-client';
import { LocalDirectoryStore } from '../../store';
import type { SearchResult } from '../../domain/search/types';
import type { EpochRecord } from '../../trainer/epoch-log';

interface Context {
  env: TestWorkflowEnvironment;
  nas: NasEnv;
  silent: Server;
  silentPort: number;
}
const test = anyTest as TestFn<Context>;

const base = {
  dataset: { name: 'synthetic', trainSize: 64, validationSize: 32 },
  space: { type: 'chain', maxLayers: 2, filters: [4], units: [8] },
  strategy: { type: 'random' },
  fidelity: { type: 'successive-halving', minEpochs: 1, maxEpochs: 1, eta: 3 },
  budget: { trials: 2 },
  concurrency: 1,
  seed: 1,
};

type Patch = Record<string, unknown>;
const withConfig = (patch: Patch): Patch => ({ ...base, ...patch });

interface Case {
  name: string;
  /** Config file text (JSON unless the name ends in .yaml); written into the case's own file. */
  file?: { name: string; text: string };
  /** Command line; '$FILE' is replaced by the written file's path. */
  args: string[];
  env?: Record<string, string>;
  code: number;
  /** What the message must name (the field, option or setting at fault). */
  names: string | RegExp;
  /** Upper bound on the command's wall time, for the fail-fast cases. */
  withinMs?: number;
}

const json = (name: string, value: unknown): Case['file'] => ({ name: `${name}.json`, text: JSON.stringify(value) });
const validate = (name: string, config: unknown, names: string | RegExp): Case => ({
  name,
  file: json(name, config),
  args: ['validate', '$FILE'],
  code: 2,
  names,
});

const cases: Case[] = [
  validate('unknown top-level key', withConfig({ trails: 3 }), 'trails'),
  validate('unknown key in a section', withConfig({ budget: { trial: 3 } }), 'budget.trial'),
  validate('wrong type', withConfig({ budget: { trials: 'ten' } }), 'budget.trials'),
  validate('zero trials', withConfig({ budget: { trials: 0 } }), 'budget.trials'),
  validate('fractional trials', withConfig({ budget: { trials: 2.5 } }), 'budget.trials'),
  validate('trials above the cap', withConfig({ budget: { trials: 1e9 } }), 'budget.trials'),
  validate('zero concurrency', withConfig({ concurrency: 0 }), 'concurrency'),
  validate('negative seed', withConfig({ seed: -1 }), 'seed'),
  validate('eta below 2', withConfig({ fidelity: { ...base.fidelity, eta: 1.5 } }), 'fidelity.eta'),
  validate('eta 1e308', withConfig({ fidelity: { ...base.fidelity, eta: 1e308 } }), 'fidelity.eta'),
  validate('minEpochs above maxEpochs', withConfig({ fidelity: { ...base.fidelity, minEpochs: 5, maxEpochs: 2 } }), 'fidelity.minEpochs'),
  validate('unknown fidelity type', withConfig({ fidelity: { type: 'annealing' } }), 'fidelity.type'),
  validate('unknown dataset', withConfig({ dataset: { name: 'imagenet' } }), 'dataset.name'),
  validate('synthetic train size 1e8', withConfig({ dataset: { name: 'synthetic', trainSize: 1e8 } }), 'dataset.trainSize'),
  validate('synthetic sizes together too large', withConfig({ dataset: { name: 'synthetic', trainSize: 150_000, validationSize: 100_000 } }), 'dataset.trainSize + dataset.validationSize'),
  validate('mnist sizes above the bundled digits', withConfig({ dataset: { name: 'mnist', trainSize: 9000, validationSize: 2000 } }), 'dataset.trainSize + dataset.validationSize'),
  validate('idx without a path', withConfig({ dataset: { name: 'idx' } }), 'dataset.path'),
  validate('idx path that does not exist', withConfig({ dataset: { name: 'idx', path: '/nonexistent/mnist' } }), 'dataset.path'),
  validate('cifar10 path that does not exist', withConfig({ dataset: { name: 'cifar10', path: '/nonexistent/cifar' } }), 'dataset.path'),
  validate('mnist with a path', withConfig({ dataset: { name: 'mnist', path: '/tmp' } }), 'dataset.path'),
  validate('unknown space family', withConfig({ space: { type: 'transformer' } }), 'space.type'),
  validate('space that is not an object', withConfig({ space: 'chain' }), 'space'),
  validate('space with no possible network', withConfig({ space: { type: 'chain', maxLayers: 2, operations: ['dense'], maxDenseLayers: 0 } }), 'space.maxDenseLayers'),
  validate('space with an empty list', withConfig({ space: { type: 'chain', maxLayers: 2, filters: [] } }), 'space.filters'),
  validate('space with an unknown operation', withConfig({ space: { type: 'chain', maxLayers: 2, operations: ['conv', 'lstm'] } }), 'space.operations'),
  validate('sample size above population', withConfig({ strategy: { type: 'evolution', populationSize: 4, sampleSize: 9 } }), 'strategy.sampleSize'),
  validate('zero learning rate', withConfig({ training: { learningRate: 0 } }), 'training.learningRate'),
  validate('unknown optimizer', withConfig({ training: { optimizer: 'rmsprop' } }), 'training.optimizer'),
  validate('unknown backend', withConfig({ training: { backend: 'webgpu' } }), 'training.backend'),
  { name: 'duplicate top-level key', file: { name: 'dup.json', text: '{"budget":{"trials":3},"seed":1,"budget":{"trials":4}}' }, args: ['validate', '$FILE'], code: 2, names: '"budget"' },
  { name: 'duplicate nested key', file: { name: 'dup2.json', text: '{"fidelity":{"eta":3,"eta":4}}' }, args: ['validate', '$FILE'], code: 2, names: '"fidelity.eta"' },
  { name: 'duplicate YAML key', file: { name: 'dup.yaml', text: 'seed: 1\nseed: 2\n' }, args: ['validate', '$FILE'], code: 2, names: /seed|unique/ },
  { name: 'JSON syntax error', file: { name: 'syntax.json', text: '{"seed": 1,' }, args: ['validate', '$FILE'], code: 2, names: 'not valid JSON' },
  { name: 'top level is an array', file: { name: 'array.json', text: '[1]' }, args: ['validate', '$FILE'], code: 2, names: 'top level' },
  { name: 'config file that does not exist', args: ['validate', '/nonexistent/search.json'], code: 2, names: '/nonexistent/search.json' },
  { name: 'id climbing out of the artifact folder', args: ['search', '--id', '../x', '--detach'], code: 2, names: '--id' },
  { name: 'id with a slash', args: ['search', '--id', 'a/b', '--detach'], code: 2, names: '--id' },
  { name: 'empty id', args: ['search', '--id', '', '--detach'], code: 2, names: '--id' },
  { name: 'id of 1,200 characters', args: ['search', '--id', 'x'.repeat(1200), '--detach'], code: 2, names: /--id.*1200 characters/ },
  { name: 'hidden id', args: ['search', '--id', '.hidden', '--detach'], code: 2, names: '--id' },
  { name: 'trials in exponent notation', args: ['search', '--trials', '1e3', '--detach'], code: 2, names: '--trials' },
  { name: 'zero trials flag', args: ['search', '--trials', '0', '--detach'], code: 2, names: '--trials' },
  { name: 'zero concurrency flag', args: ['search', '--concurrency', '0', '--detach'], code: 2, names: '--concurrency' },
  { name: 'negative seed flag', args: ['search', '--seed', '-1', '--detach'], code: 2, names: '--seed' },
  { name: 'unknown backend flag', args: ['search', '--backend', 'webgpu', '--detach'], code: 2, names: '--backend' },
  { name: 'list limit that is not a number', args: ['list', '--limit', 'abc'], code: 2, names: '--limit' },
  { name: 'empty id for status', args: ['status', ''], code: 2, names: 'id' },
  { name: 'bad id for result', args: ['result', '../x'], code: 2, names: 'id' },
  { name: 'server start against an external server', args: ['server', 'start'], env: { TEMPORAL_ADDRESS: '127.0.0.1:1' }, code: 2, names: 'TEMPORAL_ADDRESS' },
  { name: 'Temporal address nobody listens on', args: ['list'], env: { TEMPORAL_ADDRESS: '127.0.0.1:1' }, code: 5, names: 'TEMPORAL_ADDRESS', withinMs: 4_000 },
  { name: 'Temporal host that does not resolve', args: ['list'], env: { TEMPORAL_ADDRESS: 'nohost.invalid:7233' }, code: 5, names: 'TEMPORAL_ADDRESS', withinMs: 6_000 },
  { name: 'Temporal address without a port', args: ['list'], env: { TEMPORAL_ADDRESS: 'localhost' }, code: 5, names: 'host:port', withinMs: 4_000 },
  { name: 'search against an unreachable Temporal', args: ['search', '--detach', '--id', 'never'], env: { TEMPORAL_ADDRESS: '127.0.0.1:1' }, code: 5, names: 'TEMPORAL_ADDRESS', withinMs: 6_000 },
  { name: 'artifact folder that does not exist (a share not mounted?)', args: ['search', '--detach', '--id', 'unmounted'], env: { NAS_ARTIFACTS: '/nonexistent-share/nas' }, code: 2, names: 'NAS_ARTIFACTS=/nonexistent-share/nas' },
  { name: 'worker with an artifact folder that does not exist', args: ['worker', '--role', 'training'], env: { NAS_ARTIFACTS: '/nonexistent-share/nas' }, code: 2, names: 'NAS_ARTIFACTS=/nonexistent-share/nas' },
];

test.before(async (t) => {
  t.context.env = await createTestEnv();
  t.context.nas = nasEnv(t.context.env.address);
  // Something that accepts TCP connections but is not Temporal: the wrong-address case.
  t.context.silent = createServer((socket) => socket.on('error', () => undefined));
  await new Promise<void>((resolve) => t.context.silent.listen(0, '127.0.0.1', resolve));
  t.context.silentPort = (t.context.silent.address() as { port: number }).port;
});
test.after.always(async (t) => {
  t.context.silent?.close();
  await t.context.env?.teardown();
});

function check(t: ExecutionContext<Context>, c: Case, result: { code: number | null; stderr: string }, ms: number): void {
  t.is(result.code, c.code, `${c.name}: exit code\n${result.stderr}`);
  const names = typeof c.names === 'string' ? result.stderr.includes(c.names) : c.names.test(result.stderr);
  t.true(names, `${c.name}: the message should name ${String(c.names)}:\n${result.stderr}`);
  t.false(/\n\s+at .+:\d+:\d+/.test(result.stderr), `${c.name}: a stack trace was printed:\n${result.stderr}`);
  t.true(result.stderr.trim().split('\n').length <= 12, `${c.name}: message too long:\n${result.stderr}`);
  if (c.withinMs !== undefined) t.true(ms < c.withinMs, `${c.name}: took ${ms} ms, should fail within ${c.withinMs} ms`);
}

test.serial(`${cases.length} bad inputs are refused with a message naming the field, before anything is written`, async (t) => {
  t.true(cases.length >= 40);
  const { nas } = t.context;
  const dir = join(nas.home, 'configs');
  mkdirSync(dir, { recursive: true });
  for (const c of cases) {
    const path = c.file ? join(dir, c.file.name) : '';
    if (c.file) writeFileSync(path, c.file.text);
    const env: NasEnv = { ...nas, vars: { ...nas.vars, ...c.env } };
    const started = Date.now();
    const result = await runNas(c.args.map((a) => (a === '$FILE' ? path : a)), env, 60_000);
    check(t, c, result, Date.now() - started);
  }
  t.deepEqual(readdirSync(nas.artifacts), [], 'nothing may be written to the artifact folder by refused input');
  t.false(existsSync('/nonexistent-share'), 'a missing NAS_ARTIFACTS folder is not created');
  t.deepEqual(await searchIds(t.context.env), [], 'no search may be started by refused input');
});

test.serial('a Temporal address that accepts connections but is not Temporal fails within seconds, naming it', async (t) => {
  const env: NasEnv = { ...t.context.nas, vars: { ...t.context.nas.vars, TEMPORAL_ADDRESS: `127.0.0.1:${t.context.silentPort}` } };
  const started = Date.now();
  const result = await runNas(['list'], env, 60_000);
  check(t, { name: 'not Temporal', args: [], code: 5, names: 'TEMPORAL_ADDRESS', withinMs: 15_000 }, result, Date.now() - started);
});

test.serial('an id names one search: reusing a running, terminated or earlier search id is refused, and results of a terminated one are one line', async (t) => {
  const { env, nas } = t.context;
  const config = JSON.parse(JSON.stringify(base)) as unknown;
  // No worker polls this queue: the search stays running, which is all this test needs.
  const handle = await env.client.workflow.start(SEARCH_WORKFLOW_TYPE, { taskQueue: 'nobody-polls-this', workflowId: 'taken', args: [{ config }] });
  const file = join(nas.home, 'ok.json');
  writeFileSync(file, JSON.stringify(base));

  const running = await runNas(['search', file, '--detach', '--id', 'taken'], nas);
  check(t, { name: 'running id', args: [], code: 2, names: /--id: search "taken" is running/ }, running, 0);

  await handle.terminate('test');
  const terminated = await runNas(['search', file, '--detach', '--id', 'taken'], nas);
  check(t, { name: 'terminated id', args: [], code: 2, names: /--id: search "taken" is terminated/ }, terminated, 0);
  const result = await runNas(['result', 'taken'], nas);
  check(t, { name: 'result of a terminated search', args: [], code: 1, names: /taken.*terminated/ }, result, 0);

  mkdirSync(join(nas.artifacts, 'leftover'), { recursive: true });
  const leftover = await runNas(['search', file, '--detach', '--id', 'leftover'], nas);
  check(t, { name: 'id with leftover artifacts', args: [], code: 2, names: /--id: an earlier search "leftover" left artifacts/ }, leftover, 0);

  const unknown = await runNas(['status', 'no-such-search'], nas);
  check(t, { name: 'unknown id', args: [], code: 4, names: 'no-such-search' }, unknown, 0);
  // Nothing else was started.
  t.deepEqual(await searchIds(env), ['taken']);
});

async function searchIds(env: TestWorkflowEnvironment): Promise<string[]> {
  const ids: string[] = [];
  for await (const w of env.client.workflow.list({ query: `WorkflowType = '${SEARCH_WORKFLOW_TYPE}'` })) ids.push(w.workflowId);
  return ids;
}

test.serial('a second nas server start while one runs is refused, naming the running server, and changes nothing', async (t) => {
  // Its own NAS home and no TEMPORAL_ADDRESS: the embedded dev server, on a free port.
  const home = nasEnv('unused');
  const vars = { ...home.vars };
  delete vars.TEMPORAL_ADDRESS;
  const own: NasEnv = { ...home, vars };
  let port = await findFreePort();
  while (port > 64000) port = await findFreePort();
  const first = await runNas(['server', 'start', '--port', String(port)], own, 120_000);
  try {
    t.is(first.code, 0, first.stderr);
    const record = JSON.parse(readFileSync(join(home.home, 'server.json'), 'utf8')) as { pid: number };
    const second = await runNas(['server', 'start', '--port', String(port)], own, 60_000);
    check(t, { name: 'second server start', args: [], code: 2, names: /already running for NAS_HOME .* at 127\.0\.0\.1:\d+.*nothing was started.*nas server stop/ }, second, 0);
    // The first one still runs, untouched.
    const status = await runNas(['server', 'status', '--json'], own);
    t.is(status.code, 0, status.stderr);
    const now = JSON.parse(status.stdout) as { pid: number; healthy: boolean };
    t.is(now.pid, record.pid);
    t.true(now.healthy);
  } finally {
    await runNas(['server', 'stop'], own);
  }
});

test.serial('a truncated newest checkpoint after a worker kill: the trial falls back to a readable start and completes; nothing trains on mixed weights', async (t) => {
  // Before, this resume failed the trial with a CheckpointError; a damaged checkpoint now costs
  // only the epochs retrained from the newest checkpoint that still reads (or from scratch).
  const { env, nas } = t.context;
  const worker = startWorkerProcess(nas, ['--concurrency', '1']);
  const searchId = 'truncated-checkpoint';
  const trialDir = join(nas.artifacts, searchId, 't0001');
  const epochs = () => (existsSync(trialDir) ? readdirSync(trialDir).filter((n) => /^epoch-\d+$/.test(n)).sort() : []);
  const epochLog = () => readFileSync(join(trialDir, 'epochs.jsonl'), 'utf8').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as EpochRecord);
  let second: ReturnType<typeof startWorkerProcess> | undefined;
  try {
    // Epochs of about a second, so the kill lands between two checkpoints.
    const config = {
      dataset: { name: 'synthetic', trainSize: 4096, validationSize: 256 },
      space: { type: 'chain', maxLayers: 2, minLayers: 2, operations: ['conv'], filters: [16], kernelSizes: [3] },
      strategy: { type: 'random' },
      fidelity: { type: 'none', maxEpochs: 4 },
      budget: { trials: 1 },
      concurrency: 1,
      seed: 4,
    };
    const handle = await env.client.workflow.start(SEARCH_WORKFLOW_TYPE, { taskQueue: 'nas-search', workflowId: searchId, args: [{ config }] });
    await waitFor('a first checkpoint', () => (epochs().length > 0 ? true : undefined), 240_000, 100);
    killGroup(worker.child);
    const newest = epochs().pop()!;
    const weights = join(trialDir, newest, 'weights.bin');
    const bytes = readFileSync(weights);
    writeFileSync(weights, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const recordsBefore = epochLog().length;

    second = startWorkerProcess(nas, ['--concurrency', '1']);
    const result = await withStoredTrials((await handle.result()) as SearchResult, () => undefined);
    const trial = result.trials.find((r) => r.trialId === 't0001');
    t.is(trial?.status, 'completed');
    t.is(trial?.epochs, 4);
    // The retry said why it started below the newest checkpoint, and started right above where it loaded.
    const after = epochLog().slice(recordsBefore);
    const fallback = after.find((r) => r.event === 'fallback');
    t.regex(fallback?.reason ?? 'no fallback record', new RegExp(`checkpoint '${searchId}/t0001/${newest}' is unreadable, resumed from .*weights\\.bin is \\d+ bytes, its manifest says \\d+ \\(truncated`));
    t.true(fallback!.epoch < Number(newest.slice('epoch-'.length)));
    t.deepEqual(after.filter((r) => r.event === 'start').map((r) => r.epoch), [...Array(4 - fallback!.epoch).keys()].map((i) => fallback!.epoch + 1 + i));
    // Every checkpoint left reads whole, the truncated one included (retrained and saved again).
    for (const e of epochs()) await t.notThrowsAsync(new LocalDirectoryStore(nas.artifacts).getCheckpoint(`${searchId}/t0001/${e}`), e);
    const attempts = readFileSync(join(trialDir, 'attempts.jsonl'), 'utf8').trim().split('\n');
    t.is(attempts.length, 2, 'one retry, which completed');
  } finally {
    killGroup(worker.child);
    if (second) killGroup(second.child);
  }
});
