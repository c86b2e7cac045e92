// `npm run bench:strategies`: every registered strategy (and scheduler) on the tabular
// benchmark, many seeds each, in simulated time with the pure engine. Prints anytime regret
// (mean ± standard deviation over seeds) at fractions of the time budget, and writes the
// curves as SVG plots and the table into bench/strategies/README.md.
//
//   node dist/bench/strategies/main.js [--name cell-mnist14] [--seeds 30] [--budget 30] [--only random,tpe] [--no-write] [--table PATH]
//
// --name picks a complete table (domain/tabular/spec.ts; --table reads its file from elsewhere).
// --budget is the simulated time given to every method, in mean full trainings of the table
// (30: the time random search needs for about 30 networks; 50 is the budget fixed for the
// larger table, cell5-mnist14, once it is complete).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSearchConfig } from '../../domain/config/validate';
import { DEFAULT_TABLE, tableOptimum, tabularSpec, tabularTableNames, type TabularTable } from '../../domain/tabular';
import { readTable, tablePath } from '../tabular/table-file';
import { regretOf, stepAt, summarise, summariseRuns, timeToReach, type Summary } from './anytime';
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
  byTime: Summary[];
  byTrainings: Summary[];
  finalRegret: Summary;
  finalAccuracy: Summary;
  trainings: Summary;
  epochs: Summary;
  msPerRun: number;
}

function runMethod(name: string, method: Method, table: TabularTable, seeds: number, budget: number, timeGrid: number[], trainingGrid: number[]): MethodResult {
  const optimum = tableOptimum(table);
  const worst = optimum - Math.min(...Object.values(table.entries).map((e) => e.curve[table.spec.epochs - 1].valAccuracy));
  const byTime: number[][] = [];
  const byTrainings: number[][] = [];
  const finals: number[] = [];
  const accuracies: number[] = [];
  const trainings: number[] = [];
  const epochs: number[] = [];
  const started = Date.now();
  for (let seed = 1; seed <= seeds; seed++) {
    const config = parseSearchConfig({
      dataset: { name: 'tabular', table: name },
      space: table.spec.space,
      strategy: method.strategy,
      fidelity: method.fidelity,
      budget: { trials: Object.keys(table.entries).length },
      concurrency: 1,
      seed,
    });
    const points = simulateSearch(config, table, budget);
    const regret = (p: (typeof points)[number]) => regretOf(table, p.incumbentHash, optimum);
    byTime.push(stepAt(points, (p) => p.time, regret, timeGrid, worst));
    byTrainings.push(stepAt(points, (p) => p.trainings, regret, trainingGrid, worst));
    const last = points[points.length - 1];
    finals.push(last ? regret(last) : worst);
    accuracies.push(last ? optimum - regret(last) : Number.NaN);
    trainings.push(last?.trainings ?? 0);
    epochs.push(last?.epochs ?? 0);
  }
  return {
    method,
    byTime: summariseRuns(byTime),
    byTrainings: summariseRuns(byTrainings),
    finalRegret: summarise(finals),
    finalAccuracy: summarise(accuracies),
    trainings: summarise(trainings),
    epochs: summarise(epochs),
    msPerRun: (Date.now() - started) / seeds,
  };
}

const pm = (s: Summary, digits = 4): string => `${s.mean.toFixed(digits)} ± ${s.std.toFixed(digits)}`;

function resultsTable(results: MethodResult[], timeGrid: number[], budget: number): string {
  const at = (r: MethodResult, fraction: number) => r.byTime[Math.round(fraction * (timeGrid.length - 1))];
  const random = results.find((r) => r.method.name === 'random');
  const head = [
    '| method | regret at ¼ T | regret at ½ T | regret at T | true val. acc. of incumbent at T | trainings by T | epochs by T | time to random\'s final regret |',
    '|---|---|---|---|---|---|---|---|',
  ];
  const rows = results.map((r) => {
    const reach = random ? timeToReach(timeGrid, r.byTime.map((s) => s.mean), random.finalRegret.mean) : undefined;
    return `| ${r.method.name} | ${pm(at(r, 0.25))} | ${pm(at(r, 0.5))} | ${pm(r.finalRegret)} | ${pm(r.finalAccuracy)} | ${r.trainings.mean.toFixed(1)} | ${r.epochs.mean.toFixed(1)} | ${reach === undefined ? '–' : `${reach.toFixed(0)} s (${((reach / budget) * 100).toFixed(0)}% of T)`} |`;
  });
  return [...head, ...rows].join('\n');
}

function main(): void {
  const name = option('name', DEFAULT_TABLE);
  const spec = tabularSpec(name);
  if (spec === undefined) throw new Error(`--name: no table "${name}"; one of ${tabularTableNames().join(', ')}`);
  const seeds = Number(option('seeds', '30'));
  const budgetTrainings = Number(option('budget', '30'));
  const only = option('only', '').split(',').filter(Boolean);
  const table = readTable(option('table', tablePath(name)), spec);
  const entries = Object.values(table.entries);
  const meanFull = entries.reduce((s, e) => s + e.curve.reduce((t, m) => t + m.seconds, 0), 0) / entries.length;
  const budget = Math.round(budgetTrainings * meanFull);
  const timeGrid = Array.from({ length: 61 }, (_, i) => (budget * i) / 60);
  const trainingGrid = Array.from({ length: budgetTrainings * 2 }, (_, i) => i + 1);
  const methods = benchMethods(spec).filter((m) => only.length === 0 || only.includes(m.name));
  const rungs = rungsOf(spec);
  console.log(`table ${name}: ${entries.length} networks, best val. accuracy ${tableOptimum(table).toFixed(4)} at ${table.spec.epochs} epochs, mean full training ${meanFull.toFixed(1)} s`);
  console.log(`budget T = ${budget} s simulated (${budgetTrainings} mean full trainings), ${seeds} seeds per method\n`);
  const results: MethodResult[] = [];
  for (const method of methods) {
    try {
      const r = runMethod(name, method, table, seeds, budget, timeGrid, trainingGrid);
      results.push(r);
      console.log(`${method.name.padEnd(28)} regret at T ${pm(r.finalRegret)}  (${r.msPerRun.toFixed(0)} ms/run)`);
    } catch (err) {
      console.log(`${method.name.padEnd(28)} skipped: ${(err as Error).message}`);
    }
  }
  const markdown = resultsTable(results, timeGrid, budget);
  console.log(`\n${markdown}\n`);
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
      `schedulers: rungs from ${rungs.minEpochs} to ${rungs.maxEpochs} epochs, eta ${rungs.eta}; ${seeds} seeds; mean ± standard deviation over seeds.`,
    '',
    markdown,
    '',
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

main();
