// Training with the overrides survives a storm of signals (see fixtures/train-under-signals.ts).
import test from 'ava';
import * as cp from 'node:child_process';
import * as path from 'node:path';

test('training with every override survives SIGUSR2 every millisecond', (t) => {
  const fixture = path.join(__dirname, 'fixtures', 'train-under-signals.js');
  const r = cp.spawnSync(process.execPath, [fixture], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' } });
  t.is(r.signal, null, `killed by ${String(r.signal)}: ${r.stderr.slice(-500)}`);
  t.is(r.status, 0, r.stderr.slice(-500));
  t.regex(r.stdout, /^ok \d/m);
});
