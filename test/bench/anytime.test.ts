// The regret and anytime summaries of bench/strategies on hand-made traces.
import test from 'ava';
import { budgetSweep, expectedRandomRegret, lastIndexAtOrBefore, regretOf, stepAt, summarise, summariseRuns, timeToReach } from '../../bench/strategies/anytime';
import { handMade } from '../domain/helpers/tabular-table';

test('regret is the optimum minus the network full-budget accuracy, whatever fidelity the search saw', (t) => {
  t.is(regretOf(handMade, 'bbb'), 0);
  t.is(Number(regretOf(handMade, 'aaa').toFixed(10)), 0.1);
  t.throws(() => regretOf(handMade, 'nope'), { message: /nope is not in the table/ });
});

test('a step function holds its last value until the next point, and `before` until the first', (t) => {
  const points = [{ x: 1, y: 0.5 }, { x: 3, y: 0.2 }, { x: 3, y: 0.1 }];
  t.deepEqual(stepAt(points, (p) => p.x, (p) => p.y, [0, 1, 2, 3, 4], 9), [9, 0.5, 0.5, 0.1, 0.1]);
});

test('summaries: mean, sample standard deviation, standard error', (t) => {
  const s = summarise([1, 2, 3, 4]);
  t.is(s.mean, 2.5);
  t.is(Number(s.std.toFixed(6)), Number(Math.sqrt(5 / 3).toFixed(6)));
  t.is(Number(s.sem.toFixed(6)), Number((Math.sqrt(5 / 3) / 2).toFixed(6)));
  t.deepEqual(summariseRuns([[1, 4], [3, 4]]).map((x) => x.mean), [2, 4]);
});

test('time to reach a target is the first grid point whose mean is at or below it', (t) => {
  t.is(timeToReach([0, 10, 20], [0.3, 0.1, 0.05], 0.1), 10);
  t.is(timeToReach([0, 10, 20], [0.3, 0.2, 0.15], 0.1), undefined);
});

test('a budget sweep reads each budget off the same curves, against the reference at that budget', (t) => {
  const grid = [0, 10, 20, 30, 40];
  const s = (mean: number) => ({ mean, std: 0, sem: 0 });
  const reference = [0.5, 0.4, 0.3, 0.2, 0.1].map(s);
  const method = [0.5, 0.3, 0.2, 0.2, 0.05].map(s);
  const cells = budgetSweep(grid, method, reference, [20, 40, 35]);
  // At 20 the reference ends at 0.3; the method was there at 10 (half of the budget).
  t.deepEqual(cells[0], { budget: 20, regret: s(0.2), reach: 10 });
  // At 40 the reference ends at 0.1; the method gets there only at 40.
  t.deepEqual(cells[1], { budget: 40, regret: s(0.05), reach: 40 });
  // 35 lies between grid points: it reads 30, where the reference is at 0.2, reached at 20.
  t.deepEqual(cells[2], { budget: 35, regret: s(0.2), reach: 20 });
  t.is(budgetSweep(grid, reference.map((x) => s(x.mean + 1)), reference, [40])[0].reach, undefined);
  t.throws(() => lastIndexAtOrBefore(grid, -1), { message: /below the grid's first value/ });
});

test('the expected regret of random search is exact on a small case and falls with more draws', (t) => {
  // Values 1, 0.5, 0: one draw averages (0 + 0.5 + 1) / 3; two draws miss the best only as {0.5, 0} (regret 0.5), 1 in 3.
  t.is(Number(expectedRandomRegret([0, 1, 0.5], 1).toFixed(10)), 0.5);
  t.is(Number(expectedRandomRegret([0, 1, 0.5], 2).toFixed(10)), Number((0.5 / 3).toFixed(10)));
  t.is(expectedRandomRegret([0, 1, 0.5], 3), 0);
  t.is(Number(expectedRandomRegret([0, 1, 0.5], 1.5).toFixed(10)), Number(((0.5 + 0.5 / 3) / 2).toFixed(10)));
  t.throws(() => expectedRandomRegret([0, 1], 3), { message: /n must be between 1 and 2/ });
});
