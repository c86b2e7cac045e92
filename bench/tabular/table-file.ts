// Reading and writing the tabular benchmark's data file. One entry per line, in enumeration
// order, numbers rounded: the file stays small, and a rebuild's diff shows which networks moved.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '../../domain/json';
import { TABLE_FORMAT, TABULAR_SPEC, type TabularEntry, type TabularTable } from '../../domain/tabular';
import type { EpochMetrics } from '../../contracts/training';

/** The committed table, relative to the repository root (dist/bench/tabular is three levels down). */
export const DEFAULT_TABLE_PATH = join(__dirname, '..', '..', '..', 'data', 'tabular', 'cell-mnist14.json');

export function emptyTable(): TabularTable {
  return {
    format: TABLE_FORMAT,
    spec: TABULAR_SPEC,
    build: { backend: '', trainSeconds: 0, wallSeconds: 0, searches: [], builtAt: '' },
    entries: {},
  };
}

/** The table at `path`; throws when it is of another format or was built from another spec. */
export function readTable(path: string): TabularTable {
  const table = JSON.parse(readFileSync(path, 'utf8')) as TabularTable;
  if (table.format !== TABLE_FORMAT) throw new Error(`${path}: table format ${String(table.format)}, this code reads ${TABLE_FORMAT}`);
  if (canonicalJson(table.spec) !== canonicalJson(TABULAR_SPEC)) {
    throw new Error(`${path}: built from spec ${JSON.stringify(table.spec)}, but domain/tabular/spec.ts says ${JSON.stringify(TABULAR_SPEC)}; rebuild it`);
  }
  return table;
}

const round = (n: number, digits: number): number => Number(n.toFixed(digits));

export function roundedCurve(history: readonly EpochMetrics[]): EpochMetrics[] {
  return history.map((m) => ({
    epoch: m.epoch,
    loss: round(m.loss, 4),
    accuracy: round(m.accuracy, 4),
    valLoss: round(m.valLoss, 4),
    valAccuracy: round(m.valAccuracy, 4),
    seconds: round(m.seconds, 3),
  }));
}

/** Writes atomically (a rename), so an interrupted build never leaves half a file. */
export function writeTable(path: string, table: TabularTable): void {
  const sorted = Object.entries(table.entries).sort(([, a], [, b]) => a.index - b.index);
  const lines = sorted.map(([hash, entry]: [string, TabularEntry]) => `    ${JSON.stringify(hash)}: ${JSON.stringify(entry)}`);
  const head = { format: table.format, spec: table.spec, build: table.build };
  const text = `${JSON.stringify(head, null, 2).replace(/\n}$/, '')},\n  "entries": {\n${lines.join(',\n')}\n  }\n}\n`;
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}
