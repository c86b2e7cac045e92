// The production setup on one machine: `nas cluster up` (PostgreSQL, the Temporal server and
// its Web UI, versitygw), one workflow worker and two training workers, each with its own
// NAS_HOME and no shared folder: checkpoints travel through the S3 store only. A tiny MNIST
// search runs; the training worker holding a training in flight is killed with SIGKILL; the
// training resumes on the other worker from its stored checkpoint and the search completes.
// `nas result` and the Temporal CLI, pointed at the production server, show it.
// The cluster's programs must be built (`nas cluster install`, run by .ci/run): without them
// this test fails saying so, it is never skipped.
import anyTest, { type TestFn } from 'ava';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureTemporalCli } from '../../infra/temporal/cli-install';
import { installedClusterBinaries, missingClusterBinaries } from '../../infra/cluster/binaries';
import { postgresPaths } from '../../infra/cluster/postgres';
import { clusterDir } from '../../infra/cluster/state';
import { openArtifactStore } from '../../store';
import type { SearchResult } from '../../domain/search/types';
import { killGroup, runNas, startWorkerProcess, waitFor, type NasEnv } from './processes';

interface Ctx {
  clusterHome: string;
  vars: Record<string, string>;
  homes: string[];
  workers: { name: string; worker: ReturnType<typeof startWorkerProcess> }[];
}
const test = anyTest as TestFn<Ctx>;

interface AttemptRecord {
  attempt: number;
  startEpoch: number;
  pid: number;
}

/** An isolated NAS home that reaches the cluster only through `vars` (no TEMPORAL_ADDRESS of the dev server, no local artifacts). */
function home(t: { context: Ctx }, name: string): NasEnv {
  const dir = mkdtempSync(join(tmpdir(), `nas-cluster-${name}-`));
  t.context.homes.push(dir);
  return { home: dir, artifacts: t.context.vars.NAS_ARTIFACTS, vars: { ...process.env, ...t.context.vars, NAS_HOME: dir } };
}

test.before(async (t) => {
  t.context.homes = [];
  t.context.workers = [];
  if (installedClusterBinaries() === undefined) {
    throw new Error(`the cluster's programs are not built (missing ${missingClusterBinaries().join(', ')}); run: node bin/nas.js cluster install`);
  }
  t.context.clusterHome = mkdtempSync(join(tmpdir(), 'nas-cluster-home-'));
  const started = Date.now();
  const up = await runNas(['cluster', 'up', '--random-ports'], clusterEnv(t.context.clusterHome), 300_000);
  if (up.code !== 0) throw new Error(`nas cluster up failed (${up.code}):\n${up.stderr}`);
  t.log(`nas cluster up (cold: new database and schemas) took ${((Date.now() - started) / 1000).toFixed(1)}s`);
  t.context.vars = Object.fromEntries([...up.stdout.matchAll(/^export (\w+)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
});

test.after.always(async (t) => {
  for (const { worker } of t.context.workers ?? []) killGroup(worker.child);
  if (t.context.clusterHome) {
    const down = await runNas(['cluster', 'down'], clusterEnv(t.context.clusterHome), 120_000);
    if (down.code !== 0) t.log(`nas cluster down: ${down.stderr}`);
    rmSync(postgresPaths(clusterDir({ NAS_HOME: t.context.clusterHome })).root, { recursive: true, force: true });
    rmSync(t.context.clusterHome, { recursive: true, force: true });
  }
  for (const dir of t.context.homes ?? []) rmSync(dir, { recursive: true, force: true });
});

function clusterEnv(dir: string): NasEnv {
  const vars: NodeJS.ProcessEnv = { ...process.env, NAS_HOME: dir };
  for (const k of ['TEMPORAL_ADDRESS', 'NAS_ARTIFACTS', 'AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) delete vars[k];
  return { home: dir, artifacts: '', vars };
}

test.serial('a warm `nas cluster up` finds everything running; status and env describe it', async (t) => {
  const env = clusterEnv(t.context.clusterHome);
  const started = Date.now();
  const again = await runNas(['cluster', 'up'], env, 120_000);
  t.is(again.code, 0, again.stderr);
  t.regex(again.stderr, /already running/);
  t.log(`nas cluster up (everything running) took ${((Date.now() - started) / 1000).toFixed(1)}s`);
  const status = await runNas(['cluster', 'status', '--json'], env);
  t.is(status.code, 0, status.stdout + status.stderr);
  const parsed = JSON.parse(status.stdout) as { services: { name: string; running: boolean }[] };
  t.deepEqual(parsed.services.map((s) => [s.name, s.running]), [['postgres', true], ['temporal-server', true], ['temporal-ui', true], ['versitygw', true]]);
  const printed = await runNas(['cluster', 'env'], env);
  t.is(printed.code, 0);
  for (const key of ['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'NAS_ARTIFACTS', 'AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) t.regex(printed.stdout, new RegExp(`^export ${key}=\\S+$`, 'm'));
  t.regex(t.context.vars.NAS_ARTIFACTS, /^s3:\/\//);
});

test.serial('workers that share nothing: a killed training resumes on the other worker from the S3 store, and the search completes', async (t) => {
  const { vars } = t.context;
  const flows = home(t, 'workflows');
  const trainers = [home(t, 'train-a'), home(t, 'train-b')];
  t.context.workers.push({ name: 'workflows', worker: startWorkerProcess(flows, ['--role', 'workflows']) });
  for (const [i, h] of trainers.entries()) t.context.workers.push({ name: `train-${i}`, worker: startWorkerProcess(h, ['--role', 'training', '--concurrency', '1']) });
  for (const { name, worker } of t.context.workers) {
    await waitFor(`worker ${name} to poll`, () => (worker.output().includes('worker polling') ? true : undefined), 120_000);
  }

  // Tiny MNIST; epochs of a second or more so the kill lands between two checkpoints.
  const config = {
    dataset: { name: 'mnist', trainSize: 512, validationSize: 128 },
    space: { type: 'chain', minLayers: 2, maxLayers: 2, operations: ['conv'], filters: [32], kernelSizes: [3] },
    strategy: { type: 'random' },
    fidelity: { type: 'none', maxEpochs: 6 },
    budget: { trials: 3 },
    concurrency: 2,
    seed: 4,
  };
  const file = join(flows.home, 'cluster-search.json');
  writeFileSync(file, JSON.stringify(config));
  const searchId = 'cluster-search';
  const started = await runNas(['search', file, '--detach', '--id', searchId], flows);
  t.is(started.code, 0, started.stderr);

  // The store is the only place a worker's progress shows: wait for a trial with a stored
  // checkpoint and epochs still to go, and kill the training worker that holds it.
  const store = openArtifactStore(vars.NAS_ARTIFACTS, { ...process.env, ...vars, NAS_HOME: home(t, 'observer').home });
  const victim = await waitFor('a training in flight with a stored checkpoint', async () => {
    for (const trialId of await store.listTrials(searchId)) {
      const epochs = await store.listCheckpoints(searchId, trialId);
      const newest = Math.max(0, ...epochs);
      if (newest >= 1 && newest <= config.fidelity.maxEpochs - 3) {
        const attempts = (await store.readRecords(searchId, trialId, 'attempts')) as AttemptRecord[];
        if (attempts.length === 1) return { trialId, epoch: newest, pid: attempts[0].pid };
      }
    }
    return undefined;
  }, 240_000, 150);
  const holder = t.context.workers.find(({ worker }) => worker.child.pid === victim.pid);
  t.truthy(holder, `the attempt's pid ${victim.pid} is one of our training workers`);
  killGroup(holder!.worker.child);
  t.log(`killed ${holder!.name} (pid ${victim.pid}) while it trained ${victim.trialId}, stored up to epoch ${victim.epoch}`);

  const done = await waitFor('the search to finish', async () => {
    const r = await runNas(['status', searchId, '--json'], flows);
    const parsed = JSON.parse(r.stdout || '{}') as { status?: string };
    return parsed.status === undefined || parsed.status === 'running' ? undefined : parsed.status;
  }, 300_000, 2000);
  t.is(done, 'completed');

  const resultRun = await runNas(['result', searchId, '--json'], flows);
  t.is(resultRun.code, 0, resultRun.stderr);
  const result = JSON.parse(resultRun.stdout) as SearchResult;
  t.is(result.status, 'completed');
  t.is(result.trials.length, 3);
  t.true(result.trials.every((x) => x.status === 'completed' && x.epochs === config.fidelity.maxEpochs), JSON.stringify(result.trials.map((x) => [x.trialId, x.status, x.epochs])));

  // The interrupted training ran twice: the second attempt on the surviving worker, from the
  // checkpoint the first one stored (not from scratch), which that worker could only get from S3.
  const attempts = (await store.readRecords(searchId, victim.trialId, 'attempts')) as AttemptRecord[];
  t.is(attempts.length, 2, JSON.stringify(attempts));
  t.not(attempts[1].pid, victim.pid);
  t.true(attempts[1].startEpoch >= victim.epoch && attempts[1].startEpoch < config.fidelity.maxEpochs, JSON.stringify(attempts));
  const survivor = t.context.workers.find(({ worker }) => worker.child.pid === attempts[1].pid);
  t.regex(survivor?.name ?? '', /^train-/);
  const trial = result.trials.find((x) => x.trialId === victim.trialId)!;
  t.is(trial.segments[0].resumedFromEpoch, attempts[1].startEpoch);
  for (const other of result.trials.filter((x) => x.trialId !== victim.trialId)) {
    t.is(((await store.readRecords(searchId, other.trialId, 'attempts')) as AttemptRecord[]).length, 1, `${other.trialId} trained once`);
  }
  const kept = await store.listCheckpoints(searchId, victim.trialId);
  t.true(kept.includes(attempts[1].startEpoch) && kept.includes(config.fidelity.maxEpochs), `stored epochs ${kept.join(', ')}`);

  // The Temporal CLI against the production server sees the search and its outcome.
  const cli = await ensureTemporalCli();
  const run = promisify(execFile);
  const address = ['--address', vars.TEMPORAL_ADDRESS, '--namespace', vars.TEMPORAL_NAMESPACE];
  const list = await run(cli, ['workflow', 'list', ...address, '--query', `WorkflowType='nasSearch' AND NasStatus='completed'`]);
  t.regex(list.stdout, new RegExp(searchId));
  const described = await run(cli, ['workflow', 'describe', ...address, '--workflow-id', searchId]);
  t.regex(described.stdout, /Completed|COMPLETED/);

  // The Web UI server answers, and its API (a proxy to the production frontend) knows the search.
  const status = JSON.parse((await runNas(['cluster', 'status', '--json'], clusterEnv(t.context.clusterHome))).stdout) as { uiUrl: string };
  const page = await fetch(status.uiUrl);
  t.is(page.status, 200);
  const api = await fetch(`${status.uiUrl}/api/v1/namespaces/${vars.TEMPORAL_NAMESPACE}/workflows/${searchId}`);
  t.is(api.status, 200, await api.clone().text());
  t.regex(await api.text(), new RegExp(searchId));
});
