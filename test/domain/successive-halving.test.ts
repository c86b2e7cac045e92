import test from 'ava';
import { bracketSizes, promotionCount, rungEpochs } from '../../domain/schedulers/rungs';
import { SuccessiveHalvingScheduler, type Job } from '../../domain/schedulers/successive-halving';
import type { FidelitySection } from '../../domain/config/search-config';

const sh = (min: number, max: number, eta: number, bracketSize: number): FidelitySection => ({
  type: 'successive-halving',
  minEpochs: min,
  maxEpochs: max,
  eta,
  bracketSize,
});

test('rung epochs grow by eta up to maxEpochs', (t) => {
  t.deepEqual(rungEpochs(1, 9, 3), [1, 3, 9]);
  t.deepEqual(rungEpochs(1, 27, 3), [1, 3, 9, 27]);
  t.deepEqual(rungEpochs(1, 10, 3), [1, 3, 10]);
  t.deepEqual(rungEpochs(2, 8, 2), [2, 4, 8]);
  t.deepEqual(rungEpochs(3, 3, 3), [3]);
  // Less than one eta step apart: a single rung at the full budget.
  t.deepEqual(rungEpochs(1, 2, 3), [2]);
  t.throws(() => rungEpochs(0, 3, 3));
});

test('promotion keeps floor(n/eta) but at least one', (t) => {
  t.is(promotionCount(9, 3), 3);
  t.is(promotionCount(3, 3), 1);
  t.is(promotionCount(8, 3), 2);
  t.is(promotionCount(2, 3), 1);
  t.is(promotionCount(0, 3), 0);
  t.deepEqual(bracketSizes(20, 9), [9, 9, 2]);
  t.deepEqual(bracketSizes(9, 9), [9]);
});

function drain(s: SuccessiveHalvingScheduler): Job[] {
  const jobs: Job[] = [];
  for (let j = s.nextJob(); j; j = s.nextJob()) jobs.push(j);
  return jobs;
}

test('a bracket of 9 runs 9 @1 epoch, promotes the best 3 to 3 epochs, then the best 1 to 9', (t) => {
  const s = new SuccessiveHalvingScheduler({ fidelity: sh(1, 9, 3, 9), trials: 9 });
  const ids = Array.from({ length: 9 }, (_, i) => `t${i}`);
  t.is(s.nextBracketSize(), 9);
  s.openBracket(ids);
  const rung0 = drain(s);
  t.deepEqual(rung0.map((j) => j.targetEpochs), Array(9).fill(1));
  // Report in a scrambled order: promotion must wait for the whole rung and rank by score.
  const scores: Record<string, number> = { t0: 0.1, t1: 0.9, t2: 0.5, t3: 0.7, t4: 0.2, t5: 0.8, t6: 0.3, t7: 0.4, t8: 0.6 };
  let outcome;
  for (const job of [...rung0].reverse()) outcome = s.report(job, scores[job.trialId]);
  t.deepEqual(outcome!.promoted, ['t1', 't3', 't5']);
  t.is(outcome!.pruned.length, 6);
  const rung1 = drain(s);
  t.deepEqual(rung1.map((j) => [j.trialId, j.targetEpochs]), [['t1', 3], ['t3', 3], ['t5', 3]]);
  s.report(rung1[0], 0.95);
  s.report(rung1[1], 0.97);
  t.deepEqual(s.report(rung1[2], 0.96).promoted, ['t3']);
  const rung2 = drain(s);
  t.deepEqual(rung2.map((j) => [j.trialId, j.targetEpochs]), [['t3', 9]]);
  t.deepEqual(s.report(rung2[0], 0.98).finished, ['t3']);
  t.deepEqual(s.takeBracketsToTell().map((b) => b.index), [0]);
  t.true(s.isFinished());
});

test('failed trials never get promoted and a rung of failures ends the bracket', (t) => {
  const s = new SuccessiveHalvingScheduler({ fidelity: sh(1, 4, 2, 4), trials: 4 });
  s.openBracket(['a', 'b', 'c', 'd']);
  const jobs = drain(s);
  s.report(jobs[0], null);
  s.report(jobs[1], 0.2);
  s.report(jobs[2], null);
  const out = s.report(jobs[3], 0.1);
  // 2 alive -> floor(2/2) = 1 promoted.
  t.deepEqual(out.promoted, ['b']);
  t.deepEqual(out.pruned, ['d']);
  const [next] = drain(s);
  const end = s.report(next, null);
  t.deepEqual(end.finished, []);
  t.true(s.brackets()[0].complete);
});

test('ties are broken by trial order, not by arrival', (t) => {
  const s = new SuccessiveHalvingScheduler({ fidelity: sh(1, 3, 3, 3), trials: 3 });
  s.openBracket(['x2', 'x0', 'x1']);
  const jobs = drain(s);
  for (const j of jobs) s.report(j, 0.5);
  t.deepEqual(drain(s).map((j) => j.trialId), ['x0']);
});

test('brackets pipeline: b+1 opens only after b-1 is told, b is told only after b+1 opened', (t) => {
  const s = new SuccessiveHalvingScheduler({ fidelity: sh(1, 1, 3, 1), trials: 3 });
  s.openBracket(['a']);
  const a = drain(s)[0];
  s.report(a, 0.5);
  // Bracket 0 is complete but its successor is not open yet: no tell.
  t.deepEqual(s.takeBracketsToTell(), []);
  t.is(s.nextBracketSize(), 1);
  s.openBracket(['b']);
  // Bracket 2 needs bracket 0 told first.
  t.deepEqual(s.takeBracketsToTell().map((b) => b.index), [0]);
  t.is(s.nextBracketSize(), 1);
  s.openBracket(['c']);
  t.is(s.nextBracketSize(), 0);
  const [b, c] = drain(s);
  s.report(c, 0.7);
  t.deepEqual(s.takeBracketsToTell(), [], 'bracket 2 waits for bracket 1');
  s.report(b, 0.6);
  t.deepEqual(s.takeBracketsToTell().map((x) => x.index), [1, 2]);
  t.true(s.isFinished());
});

test('fidelity "none" is one rung at maxEpochs; state survives JSON', (t) => {
  const fidelity: FidelitySection = { ...sh(4, 4, 3, 2), type: 'none' };
  const s = new SuccessiveHalvingScheduler({ fidelity, trials: 2 });
  t.deepEqual([...s.rungs], [4]);
  s.openBracket(['p', 'q']);
  const [p] = drain(s).slice(0, 1);
  const copy = new SuccessiveHalvingScheduler({ fidelity, state: JSON.parse(JSON.stringify(s.snapshot())) });
  t.deepEqual(copy.snapshot(), s.snapshot());
  t.deepEqual(copy.report(p, 0.3), { promoted: [], pruned: [], finished: [] });
});
