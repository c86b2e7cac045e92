// The committed table of the tabular benchmark against the spec and the space it claims to cover.
import test from 'ava';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TABULAR_SPEC } from '../../domain/tabular';
import { createSpace, distinctNetworks } from '../../domain/spaces';
import { DEFAULT_TABLE_PATH, readTable } from '../../bench/tabular/table-file';

test('the committed table was built from the spec and holds every network of its space once, with full curves', (t) => {
  if (!existsSync(DEFAULT_TABLE_PATH)) return t.fail(`${DEFAULT_TABLE_PATH} is missing: build it (bench/tabular/README.md)`);
  const table = readTable(DEFAULT_TABLE_PATH);
  const networks = [...distinctNetworks(createSpace(TABULAR_SPEC.space))];
  t.deepEqual(Object.keys(table.entries).sort(), networks.map((n) => n.hash).sort());
  for (const n of networks) {
    const entry = table.entries[n.hash];
    t.is(entry.index, n.index);
    t.deepEqual(entry.curve.map((m) => m.epoch), Array.from({ length: TABULAR_SPEC.epochs }, (_, i) => i + 1));
    t.true(entry.curve.every((m) => m.seconds > 0 && m.valAccuracy >= 0 && m.valAccuracy <= 1));
  }
  t.true(join(DEFAULT_TABLE_PATH).endsWith(join('data', 'tabular', 'cell-mnist14.json')));
});
