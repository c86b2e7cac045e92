// Control of a running search from the `nas` command line, against a real dev server and a
// real worker process with real trainers: pause, a trainer killed -9 until its trial fails for
// good, a refused and an accepted budget raise, a refused and an accepted retry, resume, and
// the search completing with the retried trial trained. And a search in which every trial
// fails ends as failed, with the reason, instead of "completed".
import anyTest, { type TestFn } from 'ava';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTestEnv } from '../helpers/temporal-test-env';
import { killGroup, nasEnv, runNas, startWorkerProcess, waitFor, type NasEnv } from './processes';
import type { SearchProgress, SearchResult } from '../../domain/search/types';
import { SEARCH_TASK_QUEUE, SEARCH_WORKFLOW_TYPE } from '../../workflows/definitions';

const test = anyTest as TestFn<{ env: TestWorkflowEnvironment; nas: NasEnv; worker: ReturnType<typeof startWorkerProcess> }>;

test.before(async (t) => {
  t.context.env = await createTestEnv();
  t.context.nas = nasEnv(t.context.env.address);
  t.context.worker = startWorkerProcess(t.context.nas, ['--concurrency', '1']);
  await waitFor('the worker to poll', () => (t.context.worker.output().includes('worker polling') ? true : undefined), 120_000);
});
test.after.always(async (t) => {
  if (t.context.worker) killGroup(t.context.worker.child);
  await t.context.env?.teardown();
});

const config = {
  // Large enough that an epoch takes a few seconds: the trainer is killed mid-training.
  dataset: { name: 'mnist', trainSize: 8000, validationSize: 500 },
  space: { type: 'chain', maxLayers: 2, filters: [16], units: [32], operations: ['conv', 'dense'] },
  strategy: { type: 'random' },
  fidelity: { type: 'none', maxEpochs: 3 },
  budget: { trials: 2 },
  concurrency: 1,
  seed: 4,
};

interface StatusReport {
  status: string;
  error?: string;
  progress?: SearchProgress;
}

async function status(nas: NasEnv, id: string): Promise<StatusReport> {
  const r = await runNas(['status', id, '--json'], nas);
  return JSON.parse(r.stdout) as StatusReport;
}

/** Trainer processes the worker forked (its direct children). */
function trainerPids(workerPid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(workerPid)]).toString().trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

const attemptsOf = (file: string): number => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').length : 0);

test.serial('pause, a trial failed by three trainer kills, budget and retry (refused, then accepted), resume: the search completes with the retried trial', async (t) => {
  const { nas, worker } = t.context;
  const file = join(nas.home, 'control.json');
  writeFileSync(file, JSON.stringify(config));
  const started = await runNas(['search', file, '--detach', '--id', 'ctl'], nas);
  t.is(started.code, 0, started.stderr);

  const attemptsFile = join(nas.artifacts, 'ctl', 't0001', 'attempts.jsonl');
  await waitFor('t0001 to train', () => (attemptsOf(attemptsFile) === 1 ? true : undefined), 120_000, 100);
  const paused = await runNas(['pause', 'ctl'], nas);
  t.is(paused.code, 0, paused.stderr);

  // Every attempt of t0001 loses its trainer: after the third, the trial has failed for good.
  const killed = new Set<number>();
  for (let attempt = 1; attempt <= 3; attempt++) {
    const victim = await waitFor(`attempt ${attempt} to train`, () => {
      if (attemptsOf(attemptsFile) < attempt) return undefined;
      return trainerPids(worker.child.pid as number).find((pid) => !killed.has(pid));
    }, 120_000, 100);
    process.kill(victim, 'SIGKILL');
    killed.add(victim);
  }
  const failed = await waitFor('t0001 to fail', async () => {
    const s = await status(nas, 'ctl');
    return s.progress && s.progress.trialsDone === 1 && s.progress.running.length === 0 ? s : undefined;
  }, 120_000, 500);
  t.is(failed.status, 'running', 'paused, the search waits instead of starting t0002 or ending');
  t.true(failed.progress?.paused);
  t.regex((await runNas(['status', 'ctl'], nas)).stdout, /ctl: running \(paused\)/);
  t.is(failed.progress?.trialsStarted, 1);

  const lower = await runNas(['budget', 'ctl', '1'], nas);
  t.is(lower.code, 2);
  t.regex(lower.stderr, /refused by the search: budget.trials: can only be raised, it is 2/);
  const raised = await runNas(['budget', 'ctl', '3'], nas);
  t.is(raised.code, 0, raised.stderr);
  t.regex(raised.stdout, /budget.trials is now 3/);

  const pending = await runNas(['retry', 'ctl', 't0002'], nas);
  t.is(pending.code, 2);
  t.regex(pending.stderr, /trial: t0002 is pending; only a failed trial can be retried/);
  const retried = await runNas(['retry', 'ctl', 't0001'], nas);
  t.is(retried.code, 0, retried.stderr);
  const resumed = await runNas(['resume', 'ctl'], nas);
  t.is(resumed.code, 0, resumed.stderr);

  const done = await waitFor('the search to end', async () => {
    const s = await status(nas, 'ctl');
    return s.status === 'running' ? undefined : s;
  }, 600_000, 1000);
  t.is(done.status, 'completed', JSON.stringify(done));
  const result = JSON.parse((await runNas(['result', 'ctl', '--json'], nas)).stdout) as SearchResult;
  t.is(result.config.budget.trials, 3);
  t.deepEqual(result.trials.map((x) => [x.trialId, x.status]), [['t0001', 'completed'], ['t0002', 'completed'], ['t0003', 'completed']]);
  t.is(result.trials[0].epochs, 3);
  t.is(attemptsOf(attemptsFile), 4, 'three killed attempts, then the retry');

  const over = await runNas(['pause', 'ctl'], nas);
  t.is(over.code, 2);
  t.regex(over.stderr, /ctl is completed; only a running search can be controlled/);
});

test.serial('a search in which every trial fails ends as failed with the reason (status, result), not completed', async (t) => {
  const { env, nas } = t.context;
  // Started past the CLI (which checks dataset.path first): the trainers find no files.
  const bad = { ...config, dataset: { name: 'idx', path: join(nas.home, 'no-such-folder'), trainSize: 64, validationSize: 32 } };
  await env.client.workflow.start(SEARCH_WORKFLOW_TYPE, { taskQueue: SEARCH_TASK_QUEUE, workflowId: 'all-fail', args: [{ config: bad }] });
  const done = await waitFor('the search to end', async () => {
    const s = await status(nas, 'all-fail');
    return s.status === 'running' ? undefined : s;
  }, 300_000, 1000);
  t.is(done.status, 'failed');
  t.regex(done.error ?? '', /all 2 trials failed; the first, t0001, with: dataset.path '.*no-such-folder' for dataset 'idx' does not exist/);
  const result = await runNas(['result', 'all-fail'], nas);
  t.is(result.code, 1);
  t.regex(result.stderr, /all 2 trials failed/);
  t.false(/\n\s+at /.test(result.stderr), result.stderr);
  // Each trial failed once: InvalidTrainRequestError is not retried.
  t.is(attemptsOf(join(nas.artifacts, 'all-fail', 't0001', 'attempts.jsonl')), 1);
});
