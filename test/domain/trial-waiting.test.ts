// A trial trained to its rung and waiting for its scheduler's decision reads 'waiting', not
// 'pending' (queued to train): asha keeps such trials until it promotes them or the search ends.
import test from 'ava';
import { parseSearchConfig } from '../../domain/config/validate';
import { SearchEngine, type LaunchableJob } from '../../domain/search/engine';
import type { SearchProgress } from '../../domain/search/types';

function result(job: LaunchableJob, acc: number) {
  const final = { epoch: job.targetEpochs, loss: 1 - acc, accuracy: acc, valLoss: 1 - acc, valAccuracy: acc, seconds: 1 };
  return {
    epochsDone: job.targetEpochs,
    checkpoint: { uri: `${job.trialId}/${job.targetEpochs}`, epoch: job.targetEpochs },
    history: [final],
    final,
    params: 1,
    flops: 1,
    wallTimeMs: 1,
    backend: { name: 'fake', package: 'none', version: '0', gpu: false },
  };
}

/** Runs a search to the end, results in launch order; checks every status against what the engine queued. */
function run(type: string, check: (engine: SearchEngine, p: SearchProgress) => void): SearchEngine {
  const config = parseSearchConfig({
    dataset: { name: 'synthetic' },
    fidelity: { type, minEpochs: 1, maxEpochs: 9, eta: 3 },
    budget: { trials: 12 },
    concurrency: 2,
    seed: 3,
  });
  const engine = SearchEngine.create(config, 0);
  const inFlight: LaunchableJob[] = [];
  for (;;) {
    inFlight.push(...engine.takeJobs());
    const job = inFlight.shift();
    if (job === undefined) break;
    // Scores that differ by trial, so the rankings are not ties.
    engine.completeJob(job.trialId, result(job, 0.5 + (job.seed % 97) / 400 + job.targetEpochs / 100));
    check(engine, engine.progress(0));
  }
  return engine;
}

test('asha: trials trained to a rung and not promoted yet are waiting, and progress counts them', (t) => {
  let most = 0;
  const engine = run('asha', (e, p) => {
    const waiting = e.trialRecords().filter((r) => r.status === 'waiting');
    t.is(p.trialsWaiting, waiting.length);
    // A waiting trial has trained, and nothing is queued for it.
    for (const r of waiting) t.true(r.epochs > 0 && r.metrics !== undefined, r.trialId);
    most = Math.max(most, waiting.length);
  });
  t.is(engine.status(), 'completed');
  t.true(most >= 3, `at some point several trials waited for a promotion (most: ${most})`);
  t.is(engine.progress(0).trialsWaiting, 0);
  t.true(engine.trialRecords().every((r) => ['completed', 'pruned', 'duplicate'].includes(r.status)));
});

test('successive halving: a trial waits until its rung is complete, then is promoted (pending) or pruned', (t) => {
  const seen = new Set<string>();
  const engine = run('successive-halving', (e) => {
    for (const r of e.trialRecords()) seen.add(r.status);
    // Pending means queued: a trained trial is pending only when promoted (its rung resolved).
    const brackets = e.progress(0).brackets;
    for (const r of e.trialRecords().filter((x) => x.status === 'pending' && x.epochs > 0)) {
      t.true((brackets.find((b) => b.index === r.bracket)?.rung ?? -1) > r.rung, `${r.trialId} is pending but its rung is not resolved`);
    }
    // A waiting trial's bracket is still at the trial's rung.
    for (const r of e.trialRecords().filter((x) => x.status === 'waiting')) t.is(brackets.find((b) => b.index === r.bracket)?.rung, r.rung);
  });
  t.true(seen.has('waiting'));
  t.is(engine.status(), 'completed');
  t.is(engine.progress(0).trialsWaiting, 0);
});
