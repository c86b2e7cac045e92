// The engine's side of search control: pause, budget raises, retries of failed trials, and a
// search whose every trial failed ending as failed. Results are data (the engine is pure).
import test from 'ava';
import { SearchEngine, type LaunchableJob } from '../../domain/search/engine';
import { parseSearchConfig } from '../../domain/config/validate';
import type { JobResult } from '../../domain/search/types';
import { hyperbandScheduler } from '../../domain/schedulers/hyperband';
import { ashaScheduler, type AshaState } from '../../domain/schedulers/asha';
import type { SchedulerState } from '../../domain/schedulers/successive-halving';
import '../../domain/schedulers/register-all';

const config = (trials: number) =>
  parseSearchConfig({
    dataset: { name: 'synthetic' },
    strategy: { type: 'random' },
    fidelity: { type: 'none', maxEpochs: 1 },
    budget: { trials },
    concurrency: 2,
    seed: 5,
  });

function resultFor(job: LaunchableJob, valAccuracy = 0.8): JobResult {
  const final = { epoch: job.targetEpochs, loss: 0.5, accuracy: 0.8, valLoss: 0.5, valAccuracy, seconds: 1 };
  return { epochsDone: job.targetEpochs, checkpoint: { uri: `s/${job.trialId}/epoch-0001`, epoch: 1 }, history: [final], final, params: 10, flops: 20, wallTimeMs: 5, backend: { name: 'cpu', package: 'x', version: '0', gpu: false } };
}

const opts = { deduplicate: true, failWithoutSuccess: true };

/** Runs every job handed out, failing those `fails` says, until the engine has nothing to do. */
function drain(engine: SearchEngine, fails: (job: LaunchableJob) => boolean): string[] {
  const ran: string[] = [];
  for (let jobs = engine.takeJobs(); jobs.length > 0; jobs = engine.takeJobs()) {
    for (const job of jobs) {
      ran.push(job.trialId);
      if (fails(job)) engine.failJob(job.trialId, `boom in ${job.trialId}`, 'DivergenceError');
      else engine.completeJob(job.trialId, resultFor(job));
    }
  }
  return ran;
}

test('a search whose every trial failed ends as failed, naming the first error and its type', (t) => {
  const engine = SearchEngine.create(config(3), 0, opts);
  drain(engine, () => true);
  t.true(engine.isDone());
  t.is(engine.status(), 'failed');
  t.regex(engine.failureReason() ?? '', /all 3 trials failed; the first, t0001, with: boom in t0001/);
  t.is(engine.result('s', 1).trials[0].errorType, 'DivergenceError');
  // Searches started before the change still report completed.
  const old = SearchEngine.create(config(3), 0, { deduplicate: true });
  drain(old, () => true);
  t.is(old.status(), 'completed');
});

test('one successful trial is enough for completed', (t) => {
  const engine = SearchEngine.create(config(3), 0, opts);
  drain(engine, (job) => job.trialId !== 't0002');
  t.is(engine.status(), 'completed');
  t.is(engine.failureReason(), undefined);
});

test('paused, nothing new starts; trainings in flight still land; resume goes on; the pause survives a snapshot', (t) => {
  let engine = SearchEngine.create(config(4), 0, opts);
  const first = engine.takeJobs();
  t.is(first.length, 2);
  engine.pause();
  t.deepEqual(engine.takeJobs(), []);
  for (const job of first) engine.completeJob(job.trialId, resultFor(job));
  t.deepEqual(engine.takeJobs(), []);
  t.false(engine.isDone());
  t.true(engine.progress(0).paused);
  engine = SearchEngine.restore(JSON.parse(JSON.stringify(engine.snapshot(true))), opts);
  t.true(engine.isPaused);
  engine.resume();
  t.deepEqual(drain(engine, () => false), ['t0003', 't0004']);
  t.is(engine.status(), 'completed');
});

test('the budget can only be raised, while running; raised, more trials run', (t) => {
  const engine = SearchEngine.create(config(2), 0, opts);
  const jobs = engine.takeJobs();
  t.regex(engine.budgetProblem(2) ?? '', /budget.trials: can only be raised, it is 2/);
  t.regex(engine.budgetProblem(1.5) ?? '', /budget.trials: must be a whole number/);
  t.regex(engine.budgetProblem('9') ?? '', /budget.trials: must be a whole number/);
  t.is(engine.budgetProblem(5), undefined);
  engine.raiseBudget(5);
  t.is(engine.config.budget.trials, 5);
  t.is(engine.progress(0).trialsTotal, 5);
  for (const job of jobs) engine.completeJob(job.trialId, resultFor(job));
  t.deepEqual(drain(engine, () => false), ['t0003', 't0004', 't0005']);
  t.is(engine.result('s', 1).trials.length, 5);
  t.regex(engine.budgetProblem(9) ?? '', /has finished/);
});

test('a failed trial can be retried once queued; it trains at its rung and joins the leaderboard; others are refused', (t) => {
  const engine = SearchEngine.create(config(3), 0, opts);
  const jobs = engine.takeJobs();
  engine.failJob(jobs[0].trialId, 'out of memory', 'OutOfMemoryError');
  t.regex(engine.retryProblem('t0002') ?? '', /t0002 is running; only a failed trial can be retried/);
  t.regex(engine.retryProblem('t0099') ?? '', /no trial t0099/);
  t.is(engine.retryProblem('t0001'), undefined);
  engine.retryTrial('t0001');
  t.regex(engine.retryProblem('t0001') ?? '', /already queued/);
  engine.completeJob(jobs[1].trialId, resultFor(jobs[1], 0.7));
  const ran = drain(engine, () => false);
  t.deepEqual(ran, ['t0001', 't0003']);
  const t1 = engine.result('s', 1).trials[0];
  t.is(t1.status, 'completed');
  t.is(t1.error, undefined);
  t.is(engine.leaderboard()[0].trialId, 't0001');
  t.is(engine.status(), 'completed');
});

test('a retry in flight at a snapshot is queued again after restore', (t) => {
  const engine = SearchEngine.create(config(2), 0, opts);
  const jobs = engine.takeJobs();
  engine.failJob(jobs[0].trialId, 'crash');
  engine.retryTrial('t0001');
  t.deepEqual(engine.takeJobs().map((j) => j.trialId), ['t0001']);
  const restored = SearchEngine.restore(JSON.parse(JSON.stringify(engine.snapshot(true))), opts);
  // Both jobs in flight at the snapshot are handed out again: the retry first.
  t.deepEqual(drain(restored, () => false), ['t0001', 't0002']);
  t.is(restored.result('s', 1).trials[0].status, 'completed');
});

const withFidelity = (fidelity: Record<string, unknown>, trials: number) =>
  parseSearchConfig({ dataset: { name: 'synthetic' }, ...(fidelity.type === 'bohb' ? {} : { strategy: { type: 'random' } }), fidelity, budget: { trials }, concurrency: 2, seed: 5 });

test('hyperband: a raised budget keeps the opened brackets and continues the cycle after them', (t) => {
  // Rungs 1/2/4 epochs, eta 2: the cycle is 4 candidates from rung 0, 3 from rung 1, 3 from rung 2.
  const fidelity = withFidelity({ type: 'hyperband', minEpochs: 1, maxEpochs: 4, eta: 2 }, 5).fidelity;
  const hb = hyperbandScheduler.create(fidelity, 5);
  t.deepEqual(pick(hb.snapshot() as SchedulerState), { sizes: [4, 1], starts: [0, 1] });
  hb.addTrials(['a', 'b', 'c', 'd']);
  t.regex(hb.raiseBudget?.(4, false) ?? '', /budget.trials: 4 trials were proposed already/);
  t.is(hb.raiseBudget?.(12, true), undefined);
  t.deepEqual(pick(hb.snapshot() as SchedulerState), { sizes: [4, 3, 3, 2], starts: [0, 1, 2, 0] });
  // Restored, it is still Hyperband (and raises again the same way).
  const restored = hyperbandScheduler.restore(fidelity, hb.snapshot());
  t.is(restored.raiseBudget?.(14, true), undefined);
  t.deepEqual(pick(restored.snapshot() as SchedulerState), { sizes: [4, 3, 3, 4], starts: [0, 1, 2, 0] });
});

test('hyperband and asha searches take a raised budget: every extra trial runs', (t) => {
  for (const type of ['hyperband', 'asha', 'bohb']) {
    const engine = SearchEngine.create(withFidelity({ type, minEpochs: 1, maxEpochs: 4, eta: 2 }, 3), 0, opts);
    const jobs = engine.takeJobs();
    t.is(engine.budgetProblem(7), undefined, type);
    engine.raiseBudget(7);
    t.is(engine.progress(0).trialsTotal, 7, type);
    for (const job of jobs) engine.completeJob(job.trialId, resultFor(job));
    drain(engine, () => false);
    t.is(engine.result('s', 1).trials.filter((x) => x.status !== 'duplicate').length, 7, type);
    t.is(engine.status(), 'completed', type);
  }
});

test('asha refuses a raise once it closed the search: its paused trials were declared pruned', (t) => {
  const fidelity = withFidelity({ type: 'asha', minEpochs: 1, maxEpochs: 2, eta: 2 }, 2).fidelity;
  const asha = ashaScheduler.create(fidelity, 2);
  for (let want = asha.wantNew(); want; want = asha.wantNew()) asha.addTrials([`t${(asha.snapshot() as AshaState).trialIds.length}`]);
  for (let job = asha.nextJob(); job; job = asha.nextJob()) {
    asha.report(job, 0.5);
    asha.takeTells();
    for (let want = asha.wantNew(); want; want = asha.wantNew()) asha.addTrials([`t${(asha.snapshot() as AshaState).trialIds.length}`]);
  }
  t.true(asha.isFinished());
  t.regex(asha.raiseBudget?.(5, false) ?? '', /asha has ended the search \(its paused trials were pruned\)/);
});

function pick(s: SchedulerState): { sizes: number[]; starts?: number[] } {
  return { sizes: s.sizes, starts: s.starts };
}
