// The training-worker recipes in infra/worker/ stay runnable: the systemd unit passes
// systemd-analyze verify, and every `nas` option they use exists in the CLI (a renamed
// option would otherwise break them silently); the Containerfile copies only what exists.
import test from 'ava';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { NAS_BIN } from '../e2e/processes';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..', '..', '..');
const unit = readFileSync(join(ROOT, 'infra', 'worker', 'nas-training-worker.service'), 'utf8');
const containerfile = readFileSync(join(ROOT, 'infra', 'worker', 'Containerfile'), 'utf8');

/** The `nas` arguments a recipe runs, e.g. ['worker', '--role', 'training', ...]. */
function nasArgs(line: string): string[] {
  const words = line.replace(/[[\]",]/g, ' ').split(/\s+/).filter(Boolean);
  const at = words.findIndex((w) => w.endsWith('nas.js'));
  return words.slice(at + 1);
}

async function checkOptions(t: import('ava').ExecutionContext, args: string[]): Promise<void> {
  const help = (await run(process.execPath, [NAS_BIN, args[0], '--help'])).stdout;
  for (const option of args.filter((a) => a.startsWith('--'))) t.true(help.includes(option), `nas ${args[0]} has ${option}`);
  // And the values parse: the same command with --help added exits 0 only if every option is valid.
  await t.notThrowsAsync(run(process.execPath, [NAS_BIN, ...args, '--help']));
}

test('the systemd unit verifies and runs a training worker with options nas accepts', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'nas-unit-'));
  try {
    // verify resolves EnvironmentFile only at start, and User= only on the target machine.
    const file = join(dir, 'nas-training-worker.service');
    writeFileSync(file, unit);
    const verified = await run('systemd-analyze', ['verify', file]).then(
      (r) => ({ ok: true, out: r.stderr }),
      (err: { stderr?: string }) => ({ ok: false, out: err.stderr ?? '' }),
    );
    // Only this unit's own problems count; the host's units are not ours to judge.
    const ours = verified.out.split('\n').filter((l) => l.includes('nas-training-worker') && !/No such file|not found|Failed to resolve user|Unknown user/.test(l));
    t.deepEqual(ours, [], verified.out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const exec = unit.split('\n').find((l) => l.startsWith('ExecStart='))!;
  t.truthy(exec);
  const args = nasArgs(exec);
  t.deepEqual(args.slice(0, 3), ['worker', '--role', 'training']);
  await checkOptions(t, args);
  t.regex(unit, /^EnvironmentFile=/m);
  t.regex(unit, /^Environment=NAS_HOME=/m);
});

test('the Containerfile copies files that exist and runs a training worker with options nas accepts', async (t) => {
  for (const line of containerfile.split('\n').filter((l) => l.startsWith('COPY ') && !l.startsWith('COPY . '))) {
    const sources = line.split(/\s+/).slice(1, -1);
    for (const source of sources) t.true(existsSync(join(ROOT, source)), `${source} (in "${line}") exists`);
  }
  const entry = JSON.parse(/^ENTRYPOINT (.*)$/m.exec(containerfile)![1]) as string[];
  const cmd = JSON.parse(/^CMD (.*)$/m.exec(containerfile)![1]) as string[];
  t.deepEqual(entry, ['node', 'bin/nas.js']);
  t.deepEqual(cmd.slice(0, 3), ['worker', '--role', 'training']);
  await checkOptions(t, cmd);
  t.regex(containerfile, /^ENV NAS_HOME=/m);
  t.regex(containerfile, /^USER (?!root)/m);
});
