// `nas validate --spaces` and `nas validate <config>` show every search-space family's defaults
// (the real binary, no server needed).
import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNas } from '../e2e/processes';
import { summariseSpaceFamilies } from '../../domain/spaces';

/** Families with defaults (the built-in ones); a template has none and says what it needs. */
const families = summariseSpaceFamilies();
const withDefaults = families.filter((f) => f.defaults !== undefined);

const home = mkdtempSync(join(tmpdir(), 'nas-validate-'));
const env = { home, artifacts: join(home, 'artifacts'), vars: { ...process.env, NAS_HOME: home, TEMPORAL_ADDRESS: '127.0.0.1:9' } };

test('validate --spaces lists every family with its defaults and an example network', async (t) => {
  const r = await runNas(['validate', '--spaces'], env);
  t.is(r.code, 0, r.stderr);
  t.deepEqual(withDefaults.map((f) => f.type), ['chain', 'cell', 'multibranch', 'hierarchical']);
  for (const { type, defaults, required } of families) {
    const block = r.stdout.split('\n\n').find((b) => b.startsWith(`${type}: `));
    t.truthy(block, `${type} is listed`);
    if (defaults === undefined) {
      t.true(block!.includes(`  defaults: none; a config must give them (${required})`), block);
      continue;
    }
    t.true(block!.includes(`  defaults: ${JSON.stringify(defaults)}\n`), block);
    t.regex(block!, /\n {2}example: {2}\S.*\n {12}\(\d+ graph nodes, [\d,]+ parameters on 28x28x1 inputs\)/);
  }
  t.regex(r.stdout, /\ntemplate: .*\n {2}defaults: none; a config must give them \(space\.nodes: /);
  t.regex(r.stdout, /\ncell: .*\n.*\n {2}example: {2}normal: \[.*\]; reduction: \[/);
});

test('validate with a config naming a family prints its options with every default filled in', async (t) => {
  for (const { type, defaults } of withDefaults) {
    const path = join(home, `${type}.json`);
    writeFileSync(path, JSON.stringify({ space: { type } }));
    const r = await runNas(['validate', path], env);
    t.is(r.code, 0, r.stderr);
    t.deepEqual((JSON.parse(r.stdout) as { space: unknown }).space, defaults);
  }
});

test('validate --spaces takes no config', async (t) => {
  const r = await runNas(['validate', 'configs/mnist.json', '--spaces'], env);
  t.is(r.code, 2);
  t.regex(r.stderr, /--spaces lists the families and takes no config/);
});
