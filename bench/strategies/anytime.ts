// Anytime performance from simulated searches: regret of the incumbent against the table's
// best network, as a step function of simulated time or of trainings, and its mean and spread
// over seeds. Pure functions: the tests check them on hand-made traces.
import type { TabularTable } from '../../domain/tabular';
import { tableOptimum } from '../../domain/tabular';

/**
 * Regret of a network: the table's best validation accuracy at full budget minus this
 * network's at full budget. The incumbent is judged at full budget whatever fidelity the
 * search saw it at, so schedulers that rank on short trainings pay for misrankings.
 */
export function regretOf(table: TabularTable, hash: string, optimum = tableOptimum(table)): number {
  const entry = table.entries[hash];
  if (entry === undefined) throw new Error(`regret: network ${hash} is not in the table`);
  return optimum - entry.curve[table.spec.epochs - 1].valAccuracy;
}

/**
 * The value of a step function at each of `grid`: the last point at or before x, or `before`
 * when no point is there yet (the search has no incumbent).
 */
export function stepAt<P>(points: readonly P[], x: (p: P) => number, y: (p: P) => number, grid: readonly number[], before: number): number[] {
  const out: number[] = [];
  let i = 0;
  let current = before;
  for (const g of grid) {
    while (i < points.length && x(points[i]) <= g) current = y(points[i++]);
    out.push(current);
  }
  return out;
}

export interface Summary {
  mean: number;
  std: number;
  /** Standard error of the mean (std / sqrt(n)). */
  sem: number;
}

/** Mean, sample standard deviation and standard error of `values`. */
export function summarise(values: readonly number[]): Summary {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, std: Number.NaN, sem: Number.NaN };
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const variance = n > 1 ? values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) : 0;
  const std = Math.sqrt(variance);
  return { mean, std, sem: std / Math.sqrt(n) };
}

/** Per grid point, the summary over runs (each run a list of values on the same grid). */
export function summariseRuns(runs: readonly number[][]): Summary[] {
  if (runs.length === 0) return [];
  return runs[0].map((_, i) => summarise(runs.map((r) => r[i])));
}

/** First grid value where a mean curve reaches `target` or below, else undefined. */
export function timeToReach(grid: readonly number[], means: readonly number[], target: number): number | undefined {
  const i = means.findIndex((m) => m <= target);
  return i < 0 ? undefined : grid[i];
}

export interface SweepCell {
  /** The budget, in the grid's unit. */
  budget: number;
  /** Regret at that budget over the seeds. */
  regret: Summary;
  /** First grid value where the mean curve reaches the reference's mean regret at that budget. */
  reach?: number;
}

/**
 * The same runs read at several budgets. Nothing a method decides depends on the budget it is
 * given (strategies and schedulers never see it; the budget only ends the run), so one run to
 * the largest budget holds every smaller one: the curve up to a budget is what a run with that
 * budget would have produced. `reference` (random search) sets each budget's target regret.
 */
export function budgetSweep(grid: readonly number[], curve: readonly Summary[], reference: readonly Summary[], budgets: readonly number[]): SweepCell[] {
  return budgets.map((budget) => {
    const at = lastIndexAtOrBefore(grid, budget);
    const reach = timeToReach(grid.slice(0, at + 1), curve.slice(0, at + 1).map((s) => s.mean), reference[at].mean);
    return { budget, regret: curve[at], ...(reach === undefined ? {} : { reach }) };
  });
}

/** Index of the last grid value at or below `x` (a budget between grid points reads the one before it). */
export function lastIndexAtOrBefore(grid: readonly number[], x: number): number {
  let i = -1;
  while (i + 1 < grid.length && grid[i + 1] <= x + 1e-9) i++;
  if (i < 0) throw new Error(`budget ${x} is below the grid's first value ${grid[0]}`);
  return i;
}

/**
 * The exact expected regret of the best of `n` distinct networks of the table drawn uniformly
 * without replacement: a reference without seed noise beside the random search row (which
 * draws choice sequences uniformly, so it can differ a little). The best of n draws is the
 * i-th best network (0-based) with probability C(N-1-i, n-1) / C(N, n); a fractional n
 * interpolates between its neighbours.
 */
export function expectedRandomRegret(accuracies: readonly number[], n: number): number {
  const sorted = [...accuracies].sort((a, b) => b - a);
  const N = sorted.length;
  if (!(n >= 1 && n <= N)) throw new Error(`expected random regret: n must be between 1 and ${N}, got ${n}`);
  const lower = Math.floor(n);
  const exact = (k: number): number => {
    let total = 0;
    // P(best is sorted[0]) = k / N; P(i+1) = P(i) * (N-k-i) / (N-1-i).
    let p = k / N;
    for (let i = 0; i <= N - k && p > 0; i++) {
      total += p * (sorted[0] - sorted[i]);
      p *= (N - k - i) / (N - 1 - i);
    }
    return total;
  };
  return lower === n || lower === N ? exact(lower) : exact(lower) + (n - lower) * (exact(lower + 1) - exact(lower));
}
