// The committed tables of the tabular benchmark against the specs and the spaces they claim to cover.
import test from 'ava';
import { existsSync } from 'node:fs';
import { TABLES_BEING_BUILT, TABULAR_TABLES } from '../../domain/tabular';
import { createSpace, distinctNetworks } from '../../domain/spaces';
import { DEFAULT_TABLE_PATH, readTable, tableNameOf, tablePath } from '../../bench/tabular/table-file';

for (const [name, spec] of Object.entries(TABULAR_TABLES)) {
  test(`table ${name} was built from its spec and holds every network of its space once, with full curves`, (t) => {
    const path = tablePath(name);
    if (!existsSync(path)) return t.fail(`${path} is missing: build it (bench/tabular/README.md)`);
    const table = readTable(path, spec);
    t.is(tableNameOf(table.spec), name);
    const networks = [...distinctNetworks(createSpace(spec.space))];
    t.deepEqual(Object.keys(table.entries).sort(), networks.map((n) => n.hash).sort());
    for (const n of networks) {
      const entry = table.entries[n.hash];
      t.is(entry.index, n.index);
      t.deepEqual(entry.curve.map((m) => m.epoch), Array.from({ length: spec.epochs }, (_, i) => i + 1));
      t.true(entry.curve.every((m) => m.seconds > 0 && m.valAccuracy >= 0 && m.valAccuracy <= 1));
    }
  });
}

for (const [name, spec] of Object.entries(TABLES_BEING_BUILT)) {
  test(`table ${name}, being built, holds networks of its space at their enumeration index, with full curves`, (t) => {
    const path = tablePath(name);
    if (!existsSync(path)) return t.pass();
    const table = readTable(path, spec);
    t.is(tableNameOf(table.spec), name);
    const networks = [...distinctNetworks(createSpace(spec.space))];
    for (const [hash, entry] of Object.entries(table.entries)) {
      t.is(networks[entry.index]?.hash, hash, `entry ${entry.index}`);
      t.deepEqual(entry.curve.map((m) => m.epoch), Array.from({ length: spec.epochs }, (_, i) => i + 1));
      t.true(entry.curve.every((m) => m.seconds > 0 && m.valAccuracy >= 0 && m.valAccuracy <= 1));
    }
    t.log(`${name}: ${Object.keys(table.entries).length} of ${networks.length} networks built`);
  });
}

test('a table read against another spec is refused, saying to rebuild', (t) => {
  t.true(DEFAULT_TABLE_PATH.endsWith('cell-mnist14.json'));
  t.throws(() => readTable(DEFAULT_TABLE_PATH, TABULAR_TABLES['cell5-mnist14']), { message: /built from spec .* but domain\/tabular\/spec\.ts says .*rebuild it/ });
});
