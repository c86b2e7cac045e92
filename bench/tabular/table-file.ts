// Reading and writing the tabular benchmark's data file. One entry per line, in enumeration
// order, numbers rounded: the file stays small, and a rebuild's diff shows which networks moved.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '../../domain/json';
import { DEFAULT_TABLE, TABLE_FORMAT, TABLES_BEING_BUILT, TABULAR_TABLES, type TabularEntry, type TabularSpec, type TabularTable } from '../../domain/tabular';
import type { EpochMetrics } from '../../contracts/training';

/** The committed table `name`, relative to the repository root (dist/bench/tabular is three levels down). */
export function tablePath(name: string): string {
  return join(__dirname, '..', '..', '..', 'data', 'tabular', `${name}.json`);
}

export const DEFAULT_TABLE_PATH = tablePath(DEFAULT_TABLE);

export function emptyTable(spec: TabularSpec): TabularTable {
  return {
    format: TABLE_FORMAT,
    spec,
    build: { backend: '', trainSeconds: 0, wallSeconds: 0, searches: [], builtAt: '' },
    entries: {},
  };
}

/** The name of the table (domain/tabular/spec.ts, complete or being built) built from `spec`, or undefined. */
export function tableNameOf(spec: TabularSpec): string | undefined {
  const all: Record<string, TabularSpec> = { ...TABLES_BEING_BUILT, ...TABULAR_TABLES };
  return Object.keys(all).find((name) => canonicalJson(all[name]) === canonicalJson(spec));
}

/**
 * The table at `path`; throws when it is of another format or was built from a spec other
 * than `spec` (when given) or than every spec of domain/tabular/spec.ts.
 */
export function readTable(path: string, spec?: TabularSpec): TabularTable {
  const table = JSON.parse(readFileSync(path, 'utf8')) as TabularTable;
  if (table.format !== TABLE_FORMAT) throw new Error(`${path}: table format ${String(table.format)}, this code reads ${TABLE_FORMAT}`);
  if (spec !== undefined ? canonicalJson(table.spec) !== canonicalJson(spec) : tableNameOf(table.spec) === undefined) {
    const says = spec !== undefined ? JSON.stringify(spec) : `one of ${[...Object.keys(TABULAR_TABLES), ...Object.keys(TABLES_BEING_BUILT)].join(', ')}`;
    throw new Error(`${path}: built from spec ${JSON.stringify(table.spec)}, but domain/tabular/spec.ts says ${says}; rebuild it`);
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
