import test from 'ava';
import { SearchEngine } from '../../domain/search/engine';
import { parseSearchConfig } from '../../domain/config/validate';
import { Rng } from '../../domain/rng';
import type { JobResult } from '../../domain/search/types';
import type { LaunchableJob } from '../../domain/search/engine';

/** A fake trainer: accuracy is a pure function of the architecture and epochs. */
function fakeResult(job: LaunchableJob): JobResult {
  const text = JSON.stringify(job.architecture);
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) >>> 0;
  const quality = (h % 1000) / 1000;
  const valAccuracy = 0.5 + 0.4 * quality + 0.09 * (1 - 1 / job.targetEpochs);
  const final = { epoch: job.targetEpochs, loss: 1 - valAccuracy, accuracy: valAccuracy, valLoss: 1 - valAccuracy, valAccuracy, seconds: 1 };
  const from = job.resumeFrom?.epoch ?? 0;
  const history = Array.from({ length: job.targetEpochs - from }, (_, i) => ({ ...final, epoch: from + i + 1 }));
  return {
    epochsDone: job.targetEpochs,
    checkpoint: { uri: `${job.trialId}/epoch-${job.targetEpochs}`, epoch: job.targetEpochs },
    history,
    final,
    params: 1000,
    flops: 2000,
    wallTimeMs: 10,
    backend: { name: 'fake', package: 'none', version: '0', gpu: false },
  };
}

const config = (overrides: Record<string, unknown> = {}) =>
  parseSearchConfig({
    dataset: { name: 'synthetic' },
    strategy: { type: 'evolution', populationSize: 4, sampleSize: 2 },
    fidelity: { type: 'successive-halving', minEpochs: 1, maxEpochs: 9, eta: 3 },
    budget: { trials: 20 },
    concurrency: 3,
    seed: 11,
    ...overrides,
  });

/**
 * Runs a whole search against the fake trainer, finishing in-flight jobs in an order drawn
 * from `orderSeed` (standing in for worker timing), optionally snapshotting through JSON
 * every few steps as continueAsNew would.
 */
function simulate(orderSeed: number, opts: { snapshotEvery?: number; overrides?: Record<string, unknown> } = {}) {
  let engine = SearchEngine.create(config(opts.overrides), 0);
  const order = new Rng(orderSeed);
  let inFlight: LaunchableJob[] = [];
  let steps = 0;
  const jobLog: string[] = [];
  while (!engine.isDone()) {
    inFlight.push(...engine.takeJobs());
    if (inFlight.length === 0) break;
    const [job] = inFlight.splice(order.int(inFlight.length), 1);
    jobLog.push(`${job.trialId}@${job.targetEpochs}`);
    engine.completeJob(job.trialId, fakeResult(job));
    steps++;
    if (opts.snapshotEvery && steps % opts.snapshotEvery === 0 && inFlight.length === 0) {
      engine = SearchEngine.restore(JSON.parse(JSON.stringify(engine.snapshot(true))));
    }
  }
  return { engine, jobLog };
}

test('the search is the same whatever order results arrive in', (t) => {
  const a = simulate(1);
  const b = simulate(2);
  const c = simulate(3);
  const shape = (e: SearchEngine) => e.trialRecords().map((r) => [r.trialId, r.description, r.status, r.epochs]);
  t.deepEqual(shape(a.engine), shape(b.engine));
  t.deepEqual(shape(a.engine), shape(c.engine));
  t.notDeepEqual(a.jobLog, b.jobLog, 'the orders really differed');
  t.is(a.engine.status(), 'completed');
  t.is(a.engine.trialRecords().length, 20);
});

test('brackets of 9 over rungs 1/3/9 epochs: counts of promotions per rung', (t) => {
  const { engine, jobLog } = simulate(5);
  const at = (epochs: number) => jobLog.filter((j) => j.endsWith(`@${epochs}`)).length;
  // Brackets 9 + 9 + 2: rung 0 all 20; rung 1 3 + 3 + 1; rung 2 1 + 1 + 1.
  t.is(at(1), 20);
  t.is(at(3), 7);
  t.is(at(9), 3);
  const completed = engine.trialRecords().filter((r) => r.status === 'completed');
  t.is(completed.length, 3);
  t.true(completed.every((r) => r.epochs === 9 && r.history.length === 9));
  // A promoted trial continues from its checkpoint: segments chain epochs without retraining.
  for (const r of completed) t.deepEqual(r.segments.map((s) => [s.fromEpoch, s.toEpoch]), [[0, 1], [1, 3], [3, 9]]);
});

test('a different seed gives a different search', (t) => {
  const a = simulate(1).engine.trialRecords().map((r) => r.description);
  const b = simulate(1, { overrides: { seed: 12 } }).engine.trialRecords().map((r) => r.description);
  t.notDeepEqual(a, b);
});

test('snapshots through JSON (continueAsNew) do not change the search', (t) => {
  const plain = simulate(4).engine.trialRecords();
  const resumed = simulate(4, { snapshotEvery: 3 });
  t.deepEqual(resumed.engine.trialRecords().map((r) => [r.trialId, r.description, r.status]), plain.map((r) => [r.trialId, r.description, r.status]));
  t.true(resumed.engine.generation > 1);
});

test('stop: nothing new starts, in-flight work finishes, status is stopped', (t) => {
  const engine = SearchEngine.create(config(), 0);
  const jobs = engine.takeJobs();
  t.is(jobs.length, 3);
  engine.requestStop();
  t.deepEqual(engine.takeJobs(), []);
  t.false(engine.isDone());
  for (const job of jobs) engine.completeJob(job.trialId, fakeResult(job));
  t.true(engine.isDone());
  const result = engine.result('s', 100);
  t.is(result.status, 'stopped');
  // No rung resolved, so every trial of the bracket stopped; the three that trained keep their metrics.
  t.is(result.trials.filter((r) => r.status === 'stopped').length, 9);
  t.is(result.trials.filter((r) => r.metrics !== undefined).length, 3);
  t.truthy(result.best);
});

test('failed trials are recorded and the search goes on', (t) => {
  const engine = SearchEngine.create(config({ budget: { trials: 3 }, fidelity: { type: 'none', maxEpochs: 1, bracketSize: 3 } }), 0);
  const jobs = engine.takeJobs();
  engine.failJob(jobs[0].trialId, 'trainer crashed');
  engine.completeJob(jobs[1].trialId, fakeResult(jobs[1]));
  engine.completeJob(jobs[2].trialId, fakeResult(jobs[2]));
  t.true(engine.isDone());
  const result = engine.result('s', 1);
  t.is(result.status, 'completed');
  t.is(result.trials[0].status, 'failed');
  t.is(result.trials[0].error, 'trainer crashed');
  t.not(result.best?.trialId, jobs[0].trialId);
});

test('a mid-flight snapshot hands running jobs out again after restore', (t) => {
  const engine = SearchEngine.create(config(), 0);
  const first = engine.takeJobs().map((j) => j.trialId);
  const restored = SearchEngine.restore(JSON.parse(JSON.stringify(engine.snapshot())));
  t.deepEqual(restored.takeJobs().map((j) => j.trialId), first);
});
