// Figures of a built table for its README: size, the trainings' stored seconds, validation
// accuracy at each epoch (spread over networks), and how well each epoch's accuracy ranks the
// networks as their final accuracy does (Spearman's rank correlation), which is what a
// multi-fidelity scheduler relies on when it stops a network after a few epochs.
//
//   node dist/bench/tabular/summary.js [--name cell5-mnist14]
import { statSync } from 'node:fs';
import { TABLES_BEING_BUILT, buildableSpec, tabularTableNames, type TabularTable } from '../../domain/tabular';
import { readTable, tablePath } from './table-file';

/** Ranks 0..n-1 of `values`, ties given their mean rank. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const out = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1].v === order[start].v) end++;
    for (let k = start; k <= end; k++) out[order[k].i] = (start + end) / 2;
    start = end + 1;
  }
  return out;
}

/** Spearman's rank correlation of two equally long lists. */
export function spearman(a: readonly number[], b: readonly number[]): number {
  const [ra, rb] = [ranks(a), ranks(b)];
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const [ma, mb] = [mean(ra), mean(rb)];
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < ra.length; i++) {
    num += (ra[i] - ma) * (rb[i] - mb);
    da += (ra[i] - ma) ** 2;
    db += (rb[i] - mb) ** 2;
  }
  return da === 0 || db === 0 ? 0 : num / Math.sqrt(da * db);
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
}

export function summaryLines(table: TabularTable): string[] {
  const entries = Object.values(table.entries);
  const epochs = table.spec.epochs;
  const seconds = entries.map((e) => e.curve.reduce((s, m) => s + m.seconds, 0)).sort((a, b) => a - b);
  const final = entries.map((e) => e.curve[epochs - 1].valAccuracy);
  const lines = [
    `networks: ${entries.length}`,
    `training seconds stored: ${seconds.reduce((s, x) => s + x, 0).toFixed(0)} s (mean ${(seconds.reduce((s, x) => s + x, 0) / seconds.length).toFixed(2)} s a network, ${seconds[0].toFixed(2)} to ${seconds[seconds.length - 1].toFixed(2)} s)`,
    `builder: ${table.build.searches.length} searches, ${table.build.wallSeconds} s of search wall time, ${table.build.backend}`,
    'epoch | val. accuracy min / median / max | Spearman with the final epoch',
  ];
  for (let e = 1; e <= epochs; e++) {
    const acc = entries.map((x) => x.curve[e - 1].valAccuracy);
    const sorted = [...acc].sort((a, b) => a - b);
    lines.push(`${e} | ${sorted[0].toFixed(3)} / ${quantile(sorted, 0.5).toFixed(3)} / ${sorted[sorted.length - 1].toFixed(3)} | ${spearman(acc, final).toFixed(2)}`);
  }
  return lines;
}

function main(): void {
  const at = process.argv.indexOf('--name');
  const name = at >= 0 ? process.argv[at + 1] : 'cell5-mnist14';
  // A table being built is summarised as far as it goes.
  const spec = buildableSpec(name);
  if (spec === undefined) throw new Error(`--name: no table "${name}"; one of ${[...tabularTableNames(), ...Object.keys(TABLES_BEING_BUILT)].join(', ')}`);
  const path = tablePath(name);
  for (const line of summaryLines(readTable(path, spec))) console.log(line);
  console.log(`file size: ${(statSync(path).size / 1024).toFixed(0)} kB`);
}

if (require.main === module) main();
