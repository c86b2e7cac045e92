// `nas validate --spaces` and `nas validate <config>` show every search-space family's defaults
// (the real binary, no server needed).
import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNas } from '../e2e/processes';
import { defaultSpaceOptions, spaceFamilyTypes } from '../../domain/spaces';

const home = mkdtempSync(join(tmpdir(), 'nas-validate-'));
const env = { home, artifacts: join(home, 'artifacts'), vars: { ...process.env, NAS_HOME: home, TEMPORAL_ADDRESS: '127.0.0.1:9' } };

test('validate --spaces lists every family with its defaults and an example network', async (t) => {
  const r = await runNas(['validate', '--spaces'], env);
  t.is(r.code, 0, r.stderr);
  t.true(spaceFamilyTypes().length >= 2);
  for (const type of spaceFamilyTypes()) {
    const block = r.stdout.split('\n\n').find((b) => b.startsWith(`${type}: `));
    t.truthy(block, `${type} is listed`);
    t.true(block!.includes(`  defaults: ${JSON.stringify(defaultSpaceOptions(type))}\n`), block);
    t.regex(block!, /\n {2}example: {2}\S.*\n {12}\(\d+ graph nodes, [\d,]+ parameters on 28x28x1 inputs\)/);
  }
  t.regex(r.stdout, /\ncell: .*\n.*\n {2}example: {2}normal: \[.*\]; reduction: \[/);
});

test('validate with a config naming a family prints its options with every default filled in', async (t) => {
  for (const type of spaceFamilyTypes()) {
    const path = join(home, `${type}.json`);
    writeFileSync(path, JSON.stringify({ space: { type } }));
    const r = await runNas(['validate', path], env);
    t.is(r.code, 0, r.stderr);
    t.deepEqual((JSON.parse(r.stdout) as { space: unknown }).space, defaultSpaceOptions(type));
  }
});

test('validate --spaces takes no config', async (t) => {
  const r = await runNas(['validate', 'configs/mnist.json', '--spaces'], env);
  t.is(r.code, 2);
  t.regex(r.stderr, /--spaces lists the families and takes no config/);
});
