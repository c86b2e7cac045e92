// The fault drill (bench/fault-drill) at its smallest: one kill -9 of a trainer, of a worker
// with its trainers, and of the dev server, in a real MNIST search. The drill itself checks
// the result against the trainers' epoch logs and reloads the best checkpoint (~80 s).
import test from 'ava';
import { DEFAULTS, runDrill } from '../../bench/fault-drill/drill';
import { summaryLine } from '../../bench/fault-drill/main';

test('the fault drill passes with one kill of each kind', async (t) => {
  const report = await runDrill({ ...DEFAULTS, seed: 3, kills: 1, trials: 12, maxEpochs: 2, gapMs: [2_000, 4_000], log: (line) => t.log(line) });
  t.log(summaryLine(report));
  t.deepEqual(report.problems, []);
  t.deepEqual(report.kills, { trainer: 1, worker: 1, server: 1 });
  t.is(report.status, 'completed');
  t.is(report.verdict.retrained.length, 0);
  t.is(report.verdict.lost.length, 0);
  t.true(report.verdict.interrupted >= 1, 'a kill should have interrupted a training');
  t.is(report.verdict.resumed, report.verdict.interrupted);
  t.true(report.ok);
});
