// `npm run bench:strategies`: every registered strategy (and scheduler) on the tabular
// benchmark, many seeds each, in simulated time with the pure engine. Prints anytime regret
// (mean ± standard deviation over seeds) at fractions of the time budget, and writes the
// curves as SVG plots and the table into bench/strategies/README.md.
//
//   node dist/bench/strategies/main.js [--name cell-mnist14] [--seeds 30] [--first-seed 1] [--budget 30] [--budgets 25,50,100] [--only random,tpe] [--no-write] [--table PATH]
//
// --name picks a complete table (domain/tabular/spec.ts; --table reads its file from elsewhere).
// --budgets 25,50,100,200 also reads the same runs at those budgets (the runs go to the largest).
// --budget is the simulated time given to every method, in mean full trainings of the table
// (30: the time random search needs for about 30 networks; 50 is the budget fixed for the
// larger table, cell5-mnist14, once it is complete).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSearchConfig } from '../../domain/config/validate';
import { setGraphHashMemoChars } from '../../domain/graph/hash';
import { DEFAULT_TABLE, tableOptimum, tabularSpec, tabularTableNames, type TabularTable } from '../../domain/tabular';
import { readTable, tablePath } from '../tabular/table-file';
import { budgetSweep, expectedRandomRegret, lastIndexAtOrBefore, regretOf, stepAt, summariseRuns, timeToReach, type Summary } from './anytime';
import { benchMethods, rungsOf, type Method } from './methods';
import { simulateSearch } from './simulate';
import { lineChart } from './svg';

const README = join(__dirname, '..', '..', '..', 'bench', 'strategies', 'README.md');
const OUT_DIR = join(__dirname, '..', '..', '..', 'bench', 'strategies');

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
}

interface MethodResult {
  method: Method;
  /** Regret, trainings finished and epochs trained on the time grid (to the longest budget). */
  byTime: Summary[];
  trainingsByTime: Summary[];
  epochsByTime: Summary[];
  byTrainings: Summary[];
  msPerRun: number;
}

function runMethod(name: string, method: Method, table: TabularTable, firstSeed: number, seeds: number, horizon: number, timeGrid: number[], trainingGrid: number[]): MethodResult {
  const optimum = tableOptimum(table);
  const worst = optimum - Math.min(...Object.values(table.entries).map((e) => e.curve[table.spec.epochs - 1].valAccuracy));
  const byTime: number[][] = [];
  const trainingsByTime: number[][] = [];
  const epochsByTime: number[][] = [];
  const byTrainings: number[][] = [];
  const started = Date.now();
  for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
    const config = parseSearchConfig({
      dataset: { name: 'tabular', table: name },
      space: table.spec.space,
      strategy: method.strategy,
      fidelity: method.fidelity,
      budget: { trials: Object.keys(table.entries).length },
      concurrency: 1,
      seed,
    });
    const points = simulateSearch(config, table, horizon);
    const regret = (p: (typeof points)[number]) => regretOf(table, p.incumbentHash, optimum);
    byTime.push(stepAt(points, (p) => p.time, regret, timeGrid, worst));
    trainingsByTime.push(stepAt(points, (p) => p.time, (p) => p.trainings, timeGrid, 0));
    epochsByTime.push(stepAt(points, (p) => p.time, (p) => p.epochs, timeGrid, 0));
    byTrainings.push(stepAt(points, (p) => p.trainings, regret, trainingGrid, worst));
  }
  return {
    method,
    byTime: summariseRuns(byTime),
    trainingsByTime: summariseRuns(trainingsByTime),
    epochsByTime: summariseRuns(epochsByTime),
    byTrainings: summariseRuns(byTrainings),
    msPerRun: (Date.now() - started) / seeds,
  };
}

const pm = (s: Summary, digits = 4): string => `${s.mean.toFixed(digits)} ± ${s.std.toFixed(digits)}`;

function resultsTable(results: MethodResult[], timeGrid: number[], budget: number, optimum: number): string {
  const index = (x: number) => lastIndexAtOrBefore(timeGrid, x);
  const at = (r: MethodResult, fraction: number) => r.byTime[index(fraction * budget)];
  const end = index(budget);
  const random = results.find((r) => r.method.name === 'random');
  const head = [
    '| method | regret at ¼ T | regret at ½ T | regret at T | true val. acc. of incumbent at T | trainings by T | epochs by T | time to random\'s final regret |',
    '|---|---|---|---|---|---|---|---|',
  ];
  const rows = results.map((r) => {
    const final = r.byTime[end];
    const accuracy = { ...final, mean: optimum - final.mean };
    const reach = random ? budgetSweep(timeGrid, r.byTime, random.byTime, [budget])[0].reach : undefined;
    return `| ${r.method.name} | ${pm(at(r, 0.25))} | ${pm(at(r, 0.5))} | ${pm(final)} | ${pm(accuracy)} | ${r.trainingsByTime[end].mean.toFixed(1)} | ${r.epochsByTime[end].mean.toFixed(1)} | ${reach === undefined ? '–' : `${reach.toFixed(0)} s (${((reach / budget) * 100).toFixed(0)}% of T)`} |`;
  });
  return [...head, ...rows].join('\n');
}

/** The header of a table with one column per budget (in mean full trainings). */
function budgetHead(budgets: number[]): string[] {
  return [`| method | ${budgets.map((b) => `T = ${b}`).join(' | ')} |`, `|---|${budgets.map(() => '---').join('|')}|`];
}

/**
 * Per budget (in seconds): its grid index, the networks random search trained by then (mean over
 * seeds), and the exact expected regret of that many uniform draws when it trained at least one.
 * A reference without seed noise (random search draws choice sequences uniformly, which favours
 * networks with several encodings).
 */
function uniformExpectations(random: MethodResult, timeGrid: number[], seconds: number[], accuracies: number[]): { at: number; n: number; regret?: number }[] {
  return seconds.map((x) => {
    const at = lastIndexAtOrBefore(timeGrid, x);
    const n = random.trainingsByTime[at].mean;
    return { at, n, ...(n >= 1 ? { regret: expectedRandomRegret(accuracies, n) } : {}) };
  });
}

/**
 * One row per method, one column per budget (in mean full trainings): the regret at that budget
 * (mean ± standard error, the figure that compares means) and when the method's mean curve
 * reached random search's mean regret at that budget, as a share of the budget.
 */
function sweepTable(results: MethodResult[], timeGrid: number[], budgets: number[], secondsPerTraining: number, accuracies: number[]): string {
  const random = results.find((r) => r.method.name === 'random');
  if (random === undefined) return '';
  const seconds = budgets.map((b) => b * secondsPerTraining);
  const rows = results.map((r) => {
    const cells = budgetSweep(timeGrid, r.byTime, random.byTime, seconds).map(
      (c) => `${c.regret.mean.toFixed(4)} ± ${c.regret.sem.toFixed(4)} · ${c.reach === undefined ? '–' : `${((c.reach / c.budget) * 100).toFixed(0)}%`}`,
    );
    return `| ${r.method.name} | ${cells.join(' | ')} |`;
  });
  const expected = uniformExpectations(random, timeGrid, seconds, accuracies).map(({ n, regret }) => (regret === undefined ? '–' : `${regret.toFixed(4)} (${n.toFixed(1)} networks)`));
  return [...budgetHead(budgets), ...rows, `| uniform draws, exact expectation | ${expected.join(' | ')} |`].join('\n');
}

/**
 * When each method's mean regret curve reached the exact expected regret of uniform draws of as
 * many networks as random search trained by T, as a share of T: the same question as the sweep's
 * "time to random's regret", against a target without random search's seed noise.
 */
function expectationTable(results: MethodResult[], timeGrid: number[], budgets: number[], secondsPerTraining: number, accuracies: number[]): string {
  const random = results.find((r) => r.method.name === 'random');
  if (random === undefined) return '';
  const targets = uniformExpectations(random, timeGrid, budgets.map((b) => b * secondsPerTraining), accuracies);
  const rows = results.map((r) => {
    const cells = targets.map(({ at, regret }) => {
      if (regret === undefined) return '–';
      const reach = timeToReach(timeGrid.slice(0, at + 1), r.byTime.slice(0, at + 1).map((s) => s.mean), regret);
      return reach === undefined ? '–' : `${((reach / timeGrid[at]) * 100).toFixed(0)}%`;
    });
    return `| ${r.method.name} | ${cells.join(' | ')} |`;
  });
  return [...budgetHead(budgets), ...rows].join('\n');
}

function main(): void {
  // Thousands of networks, hashed again by every seed: keep their hashes (~10 M characters of
  // keys for a sweep to T = 200 on cell5-mnist14-e27).
  setGraphHashMemoChars(64_000_000);
  const name = option('name', DEFAULT_TABLE);
  const spec = tabularSpec(name);
  if (spec === undefined) throw new Error(`--name: no table "${name}"; one of ${tabularTableNames().join(', ')}`);
  const seeds = Number(option('seeds', '30'));
  // Fresh seeds check a finding of an earlier run on runs that did not suggest it.
  const firstSeed = Number(option('first-seed', '1'));
  if (!Number.isInteger(firstSeed) || firstSeed < 0) throw new Error(`--first-seed: expected an integer >= 0, got "${option('first-seed', '1')}"`);
  const budgetTrainings = Number(option('budget', '30'));
  const only = option('only', '').split(',').filter(Boolean);
  const table = readTable(option('table', tablePath(name)), spec);
  const entries = Object.values(table.entries);
  const meanFull = entries.reduce((s, e) => s + e.curve.reduce((t, m) => t + m.seconds, 0), 0) / entries.length;
  const budget = Math.round(budgetTrainings * meanFull);
  const secondsPerTraining = budget / budgetTrainings;
  const budgets = readBudgets(option('budgets', ''), budgetTrainings);
  const horizonTrainings = Math.max(budgetTrainings, ...budgets);
  const horizon = horizonTrainings * secondsPerTraining;
  // 60 steps per T, so ¼ T and ½ T are grid points, and so is every budget that is a multiple of T / 60.
  const steps = Math.ceil((60 * horizonTrainings) / budgetTrainings);
  const timeGrid = Array.from({ length: steps + 1 }, (_, i) => (budget * i) / 60);
  const trainingGrid = Array.from({ length: horizonTrainings * 2 }, (_, i) => i + 1);
  const methods = benchMethods(spec).filter((m) => only.length === 0 || only.includes(m.name));
  const rungs = rungsOf(spec);
  const optimum = tableOptimum(table);
  console.log(`table ${name}: ${entries.length} networks, best val. accuracy ${optimum.toFixed(4)} at ${table.spec.epochs} epochs, mean full training ${meanFull.toFixed(1)} s`);
  console.log(`budget T = ${budget} s simulated (${budgetTrainings} mean full trainings)${budgets.length > 0 ? `, runs to ${horizonTrainings} for the sweep over ${budgets.join(', ')}` : ''}; ${seeds} seeds per method (${firstSeed}..${firstSeed + seeds - 1})\n`);
  const results: MethodResult[] = [];
  for (const method of methods) {
    try {
      const r = runMethod(name, method, table, firstSeed, seeds, horizon, timeGrid, trainingGrid);
      results.push(r);
      console.log(`${method.name.padEnd(28)} regret at T ${pm(r.byTime[lastIndexAtOrBefore(timeGrid, budget)])}  (${r.msPerRun.toFixed(0)} ms/run)`);
    } catch (err) {
      console.log(`${method.name.padEnd(28)} skipped: ${(err as Error).message}`);
    }
  }
  const markdown = resultsTable(results, timeGrid, budget, optimum);
  console.log(`\n${markdown}\n`);
  const sweep = budgets.length > 0 ? sweepTable(results, timeGrid, budgets, secondsPerTraining, entries.map((e) => e.curve[spec.epochs - 1].valAccuracy)) : '';
  if (sweep !== '') console.log(`Budget sweep (regret at T, mean ± s.e.m. · time to random's regret at T, share of T):\n\n${sweep}\n`);
  const expectation = budgets.length > 0 ? expectationTable(results, timeGrid, budgets, secondsPerTraining, entries.map((e) => e.curve[spec.epochs - 1].valAccuracy)) : '';
  if (expectation !== '') console.log(`Time to the uniform-draw expectation at T, share of T:\n\n${expectation}\n`);
  if (process.argv.includes('--no-write')) return;
  const timeSvg = `regret-time-${name}.svg`;
  const trainingsSvg = `regret-trainings-${name}.svg`;
  writeFileSync(
    join(OUT_DIR, timeSvg),
    lineChart({ title: `Regret vs simulated time (mean ± s.e.m., ${seeds} seeds)`, xLabel: 'simulated seconds', yLabel: 'regret (val. accuracy)', grid: timeGrid, series: results.map((r) => ({ name: r.method.name, points: r.byTime })) }),
  );
  writeFileSync(
    join(OUT_DIR, trainingsSvg),
    lineChart({ title: `Regret vs trainings (mean ± s.e.m., ${seeds} seeds)`, xLabel: 'trainings finished', yLabel: 'regret (val. accuracy)', grid: trainingGrid, series: results.map((r) => ({ name: r.method.name, points: r.byTrainings })) }),
  );
  const readme = readFileSync(README, 'utf8');
  // One block per table, so each table's latest run stands in the README.
  const start = `<!-- results:${name}:start -->`;
  const end = `<!-- results:${name}:end -->`;
  const block = [
    start,
    `Table \`${name}\`: ${entries.length} networks, ${spec.epochs} epochs, best validation accuracy ${tableOptimum(table).toFixed(4)}; mean full training ${meanFull.toFixed(1)} s; ` +
      `T = ${budget} simulated seconds (${budgetTrainings} mean full trainings, ${((100 * budgetTrainings) / entries.length).toFixed(1)}% of the networks); ` +
      `schedulers: rungs from ${rungs.minEpochs} to ${rungs.maxEpochs} epochs, eta ${rungs.eta}; ${seeds} seeds (${firstSeed}-${firstSeed + seeds - 1}); mean ± standard deviation over seeds.`,
    '',
    markdown,
    '',
    ...(sweep === ''
      ? []
      : [
          `The same runs read at other budgets T (in mean full trainings; one run to ${horizonTrainings} holds them all, since no method sees its budget): ` +
            "regret at T, mean ± standard error over seeds, then when the method's mean regret curve reached random search's mean regret at T, as a share of T.",
          '',
          sweep,
          '',
          'When each mean curve reached the exact expected regret of uniform draws of as many networks as random search trained by T (a target without seed noise), as a share of T:',
          '',
          expectation,
          '',
        ]),
    `![regret against simulated time, ${name}](${timeSvg})`,
    '',
    `![regret against trainings, ${name}](${trainingsSvg})`,
    end,
  ].join('\n');
  const i = readme.indexOf(start);
  const j = readme.indexOf(end);
  writeFileSync(README, i >= 0 && j > i ? readme.slice(0, i) + block + readme.slice(j + end.length) : `${readme}\n${block}\n`);
  console.log(`wrote ${README} and the SVG plots`);
}

/** `--budgets 25,50,100`: budgets in mean full trainings, each a positive integer. */
function readBudgets(text: string, budget: number): number[] {
  if (text === '') return [];
  const budgets = text.split(',').map(Number);
  const bad = budgets.find((b) => !Number.isInteger(b) || b <= 0);
  if (bad !== undefined) throw new Error(`--budgets: expected positive integers (mean full trainings) separated by commas, e.g. ${budget / 2},${budget},${budget * 2}; got "${text}"`);
  return budgets;
}

main();
