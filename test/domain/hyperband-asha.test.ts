// Hyperband's plan and ASHA's promotions, checked through the Scheduler interface.
import test from 'ava';
import { hyperbandBrackets, hyperbandPlan } from '../../domain/schedulers/hyperband';
import { AshaScheduler } from '../../domain/schedulers/asha';
import { createScheduler, type Job, type Scheduler } from '../../domain/schedulers';
import { parseSearchConfig } from '../../domain/config/validate';
import { SearchEngine, type LaunchableJob } from '../../domain/search/engine';
import { Rng } from '../../domain/rng';
import type { FidelitySection } from '../../domain/config/search-config';

const fidelity = (type: string, extra: Record<string, unknown> = {}): FidelitySection =>
  parseSearchConfig({ dataset: { name: 'synthetic' }, fidelity: { type, maxEpochs: 9, ...extra } }).fidelity;

test('hyperband: brackets from every minimum fidelity spend about the same epochs', (t) => {
  t.deepEqual(hyperbandBrackets(3, 3), [
    { size: 9, start: 0 },
    { size: 5, start: 1 },
    { size: 3, start: 2 },
  ]);
  t.deepEqual(hyperbandBrackets(4, 3).map((b) => b.size), [27, 12, 6, 4]);
  const plan = hyperbandPlan(fidelity('hyperband'), 30);
  t.deepEqual(plan.sizes, [9, 5, 3, 9, 4]);
  t.deepEqual(plan.starts, [0, 1, 2, 0, 1]);
  t.deepEqual(plan.rungs, [1, 3, 9]);
});

/** Hands out every job ready now, opening brackets with fresh ids as asked. */
function take(s: Scheduler, ids: { n: number }): Job[] {
  const jobs: Job[] = [];
  for (;;) {
    let job = s.nextJob();
    if (!job) {
      const want = s.wantNew();
      if (!want) break;
      s.addTrials(Array.from({ length: want.count }, () => `t${String(++ids.n).padStart(2, '0')}`));
      job = s.nextJob();
    }
    if (!job) break;
    jobs.push(job);
  }
  return jobs;
}

test('hyperband: the second bracket starts 5 candidates at 3 epochs and keeps 1 for 9', (t) => {
  const s = createScheduler(fidelity('hyperband'), 14);
  const ids = { n: 0 };
  let jobs = take(s, ids);
  // Brackets 0 and 1 open at once (the pipeline allows two ahead of the last tell).
  t.deepEqual(jobs.map((j) => `${j.trialId}@${j.targetEpochs}`), [
    ...Array.from({ length: 9 }, (_, i) => `t${String(i + 1).padStart(2, '0')}@1`),
    ...Array.from({ length: 5 }, (_, i) => `t${String(i + 10).padStart(2, '0')}@3`),
  ]);
  for (const j of jobs.filter((x) => x.bracket === 1)) s.report(j, Number(j.trialId.slice(1)) / 100);
  jobs = take(s, ids);
  t.deepEqual(jobs.map((j) => `${j.trialId}@${j.targetEpochs}`), ['t14@9']);
});

test('asha: a rung promotes its best as soon as it has eta results, before any new candidate', (t) => {
  const s = new AshaScheduler({ fidelity: fidelity('asha'), trials: 27 });
  const ids = { n: 0 };
  const first = [1, 2, 3].map(() => take1(s, ids));
  t.deepEqual(first.map((j) => `${j.trialId}@${j.targetEpochs}`), ['t01@1', 't02@1', 't03@1']);
  s.report(first[0], 0.5);
  s.report(first[1], 0.9);
  // Two results: floor(2/3) = 0 promotable, so a new candidate starts.
  t.is(take1(s, ids).trialId, 't04');
  s.report(first[2], 0.1);
  const promoted = take1(s, ids);
  t.deepEqual([promoted.trialId, promoted.rung, promoted.targetEpochs], ['t02', 1, 3]);
  // The next free slot gets a new candidate: t01 is not in the top third of 3 results.
  t.is(take1(s, ids).trialId, 't05');
});

/** One job ready now, opening a group of fresh ids when the scheduler asks for one. */
function takeOne(s: Scheduler, ids: { n: number }): Job | undefined {
  const job = s.nextJob();
  if (job) return job;
  const want = s.wantNew();
  if (!want) return undefined;
  s.addTrials(Array.from({ length: want.count }, () => `t${String(++ids.n).padStart(2, '0')}`));
  return s.nextJob();
}

function take1(s: Scheduler, ids: { n: number }): Job {
  const job = takeOne(s, ids);
  if (!job) throw new Error('no job');
  return job;
}

/**
 * Simulated time with `slots` workers; a job takes the epochs it trains. Returns, for each
 * moment a slot freed while candidates were still to be proposed, whether it got work.
 */
function simulate(s: Scheduler, slots: number, score: (id: string, epochs: number) => number) {
  const ids = { n: 0 };
  const done: Record<string, number> = {};
  let now = 0;
  let running: { job: Job; end: number }[] = [];
  let idleWhileBudget = 0;
  const order: string[] = [];
  for (let guard = 0; guard < 10_000; guard++) {
    while (running.length < slots) {
      const job = takeOne(s, ids);
      if (!job) break;
      running.push({ job, end: now + job.targetEpochs - (done[job.trialId] ?? 0) });
    }
    if (running.length === 0) break;
    if (running.length < slots && ids.n < 27) idleWhileBudget++;
    running.sort((a, b) => a.end - b.end || (a.job.trialId < b.job.trialId ? -1 : 1));
    const [next] = running.splice(0, 1);
    now = next.end;
    done[next.job.trialId] = next.job.targetEpochs;
    order.push(next.job.trialId);
    s.report(next.job, score(next.job.trialId, next.job.targetEpochs));
    s.takeTells();
  }
  return { now, idleWhileBudget, order, finished: s.isFinished() };
}

test('asha: with 2 slots no slot waits while candidates remain', (t) => {
  const score = (id: string, epochs: number) => ((Number(id.slice(1)) * 37) % 11) / 11 + epochs / 100;
  const asha = simulate(new AshaScheduler({ fidelity: fidelity('asha'), trials: 27 }), 2, score);
  t.true(asha.finished);
  t.is(asha.idleWhileBudget, 0);
  const sh = simulate(createScheduler(fidelity('successive-halving', { bracketSize: 9 }), 27), 2, score);
  t.true(sh.finished);
  t.log(`simulated epochs to the end: asha ${asha.now}, successive halving ${sh.now}`);
});

test('asha: decisions follow the arrival order of results', (t) => {
  const run = (flip: boolean) => {
    const s = new AshaScheduler({ fidelity: fidelity('asha'), trials: 9 });
    const ids = { n: 0 };
    const jobs = [take1(s, ids), take1(s, ids), take1(s, ids), take1(s, ids)];
    const scores = [0.2, 0.8, 0.3, 0.9];
    const order = flip ? [3, 2, 1, 0] : [0, 1, 2, 3];
    const promotions: string[] = [];
    for (const i of order) {
      s.report(jobs[i], scores[i]);
      const next = take1(s, ids);
      if (next.rung > 0) promotions.push(next.trialId);
    }
    return promotions;
  };
  // In order, t02 leads the rung when it first has three results, then t04 tops four; reversed,
  // t04 leads at three results and keeps the only place at four.
  t.deepEqual(run(false), ['t02', 't04']);
  t.deepEqual(run(true), ['t04']);
});

test('asha: the last result prunes the trials left paused below the top rung', (t) => {
  const s = new AshaScheduler({ fidelity: fidelity('asha'), trials: 3 });
  const ids = { n: 0 };
  const jobs = [take1(s, ids), take1(s, ids), take1(s, ids)];
  t.deepEqual(s.report(jobs[0], 0.1).pruned, []);
  s.report(jobs[1], 0.2);
  s.report(jobs[2], 0.3);
  const up = take1(s, ids);
  t.is(up.trialId, 't03');
  const last = s.report(up, 0.5);
  t.deepEqual(last.pruned, []);
  const top = take1(s, ids);
  t.is(top.targetEpochs, 9);
  t.deepEqual(s.report(top, 0.6), { promoted: [], pruned: ['t01', 't02'], finished: ['t03'] });
  t.deepEqual(s.takeTells(), ['t01', 't02', 't03']);
  t.true(s.isFinished());
});


/** A whole search through the engine with a fake trainer, results arriving in a seeded order. */
function engineRun(type: string, orderSeed: number, snapshotEvery = 0) {
  const config = parseSearchConfig({
    dataset: { name: 'synthetic' },
    strategy: { type: 'evolution', populationSize: 4, sampleSize: 2 },
    fidelity: { type, minEpochs: 1, maxEpochs: 9, eta: 3 },
    budget: { trials: 20 },
    concurrency: 3,
    seed: 5,
  });
  let engine = SearchEngine.create(config, 0);
  const order = new Rng(orderSeed);
  let inFlight: LaunchableJob[] = [];
  for (let step = 1; !engine.isDone(); step++) {
    inFlight.push(...engine.takeJobs());
    if (inFlight.length === 0) break;
    const [job] = inFlight.splice(order.int(inFlight.length), 1);
    const acc = 0.5 + (job.seed % 100) / 250 + job.targetEpochs / 100;
    const final = { epoch: job.targetEpochs, loss: 1 - acc, accuracy: acc, valLoss: 1 - acc, valAccuracy: acc, seconds: 1 };
    engine.completeJob(job.trialId, {
      epochsDone: job.targetEpochs,
      checkpoint: { uri: `${job.trialId}/${job.targetEpochs}`, epoch: job.targetEpochs },
      history: [final],
      final,
      params: 1,
      flops: 1,
      wallTimeMs: 1,
      backend: { name: 'fake', package: 'none', version: '0', gpu: false },
    });
    if (snapshotEvery > 0 && step % snapshotEvery === 0) {
      // A mid-flight snapshot: running jobs are handed out again after restore.
      engine = SearchEngine.restore(JSON.parse(JSON.stringify(engine.snapshot(true))));
      inFlight = [];
    }
  }
  return engine;
}

for (const type of ['hyperband', 'asha']) {
  test(`${type} through the engine: completes, every trial settled, a JSON round trip changes nothing`, (t) => {
    const a = engineRun(type, 1);
    t.is(a.status(), 'completed');
    const shape = (e: SearchEngine) => e.trialRecords().map((r) => `${r.trialId}:${r.status}:${r.epochs}`);
    t.true(a.trialRecords().every((r) => ['completed', 'pruned', 'duplicate'].includes(r.status)), shape(a).join(' '));
    t.true(a.trialRecords().some((r) => r.status === 'completed' && r.epochs === 9));
    t.deepEqual(shape(engineRun(type, 1)), shape(a));
    if (type === 'hyperband') t.deepEqual(shape(engineRun(type, 2)), shape(a), 'hyperband does not depend on arrival order');
    const resumed = engineRun(type, 1, 4);
    t.is(resumed.status(), 'completed');
    if (type === 'hyperband') t.deepEqual(shape(resumed), shape(a));
  });
}
