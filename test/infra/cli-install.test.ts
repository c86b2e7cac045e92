import test from 'ava';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureTemporalCli, temporalCliCacheDir } from '../../infra/temporal/cli-install';
import { withFileLock } from '../../infra/temporal/file-lock';

function tempDir(t: { teardown(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-cli-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('TEMPORAL_CLI_PATH wins and must be executable', async (t) => {
  const dir = tempDir(t);
  const fake = path.join(dir, 'temporal');
  fs.writeFileSync(fake, '#!/bin/sh\n', { mode: 0o755 });
  t.is(await ensureTemporalCli({ env: { TEMPORAL_CLI_PATH: fake } }), fake);
  fs.chmodSync(fake, 0o644);
  await t.throwsAsync(ensureTemporalCli({ env: { TEMPORAL_CLI_PATH: fake } }), { message: /not .*executable/ });
});

test('the cache lives under XDG_CACHE_HOME and a cached binary is reused', async (t) => {
  const cache = tempDir(t);
  const env = { XDG_CACHE_HOME: cache, PATH: '/nonexistent' };
  t.is(temporalCliCacheDir(env), path.join(cache, 'nas', 'temporal-cli', 'v1.5.1'));
  const binary = path.join(temporalCliCacheDir(env), 'temporal');
  fs.mkdirSync(path.dirname(binary), { recursive: true });
  fs.writeFileSync(binary, '#!/bin/sh\n', { mode: 0o755 });
  // PATH has no `go`: succeeding proves nothing was built.
  t.is(await ensureTemporalCli({ env }), binary);
});

test('without go on PATH the error says what to install or set', async (t) => {
  const env = { XDG_CACHE_HOME: tempDir(t), PATH: '/nonexistent', HOME: os.homedir() };
  const err = await t.throwsAsync(ensureTemporalCli({ env, log: () => undefined }));
  t.regex(err?.message ?? '', /Go toolchain \(`go`\) is not on PATH/);
  t.regex(err?.message ?? '', /TEMPORAL_CLI_PATH/);
  t.regex(err?.message ?? '', /TEMPORAL_ADDRESS/);
  // The failed build leaves neither a binary nor a held lock behind.
  t.deepEqual(fs.readdirSync(temporalCliCacheDir(env)), []);
});

test('file lock serializes holders and breaks a dead holder\'s lock', async (t) => {
  const lock = path.join(tempDir(t), 'x.lock');
  const order: string[] = [];
  const hold = (name: string) =>
    withFileLock(lock, { timeoutMs: 5_000, pollMs: 10 }, async () => {
      order.push(`${name}+`);
      await new Promise((r) => setTimeout(r, 50));
      order.push(`${name}-`);
    });
  await Promise.all([hold('a'), hold('b')]);
  t.deepEqual(order.map((s) => s.slice(-1)), ['+', '-', '+', '-']); // never overlapping
  t.false(fs.existsSync(lock));

  fs.writeFileSync(lock, String(2 ** 22 + 4242)); // pid above pid_max: dead
  t.is(await withFileLock(lock, { timeoutMs: 1_000 }, async () => 'got it'), 'got it');
});

test('file lock times out naming the live holder', async (t) => {
  const lock = path.join(tempDir(t), 'y.lock');
  fs.writeFileSync(lock, String(process.ppid)); // a live process that is not us
  const waits: number[] = [];
  await t.throwsAsync(
    withFileLock(lock, { timeoutMs: 200, pollMs: 20, onWait: (pid) => waits.push(pid) }, async () => undefined),
    { message: new RegExp(`held by pid ${process.ppid}`) },
  );
  t.deepEqual(waits, [process.ppid]);
});
