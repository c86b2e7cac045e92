// The command line's conventions, checked on the real binary (no server needed): --help with an
// example on every command, --version, strict option values, documented exit codes, and one
// clear line instead of a stack trace for a user's mistake.
import test from 'ava';
import { spawn } from 'node:child_process';
import { NAS_BIN, runNas } from '../e2e/processes';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram } from '../../client/cli';
import type { Command } from 'commander';

const home = mkdtempSync(join(tmpdir(), 'nas-cli-'));
// A port nothing listens on: no command here may reach a real server.
const env = { home, artifacts: join(home, 'artifacts'), vars: { ...process.env, NAS_HOME: home, TEMPORAL_ADDRESS: '127.0.0.1:9' } };
const nas = (...args: string[]) => runNas(args, env, 60_000);

/** Runs at most two at a time: the machine's two cores are shared. */
async function inTurns<T, R>(items: T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all([lane(), lane()]);
  return results;
}

function commandPaths(command: Command, prefix: string[] = []): string[][] {
  return command.commands
    .filter((c) => c.name() !== 'help')
    .flatMap((c) => [[...prefix, c.name()], ...commandPaths(c, [...prefix, c.name()])]);
}

test('every command answers --help and -h with usage and an example, exit code 0', async (t) => {
  const paths = commandPaths(buildProgram(() => async () => undefined));
  t.true(paths.length >= 12, paths.map((p) => p.join(' ')).join(', '));
  const results = await inTurns(paths, async (path) => ({ path, help: await nas(...path, '--help'), short: await nas(...path, '-h') }));
  for (const { path, help, short } of results) {
    const name = path.join(' ');
    t.is(help.code, 0, `${name}: ${help.stderr}`);
    t.regex(help.stdout, new RegExp(`^Usage: nas ${name}`), name);
    t.is(short.stdout, help.stdout, `${name} -h`);
    // Leaf commands show how they are used; groups (server) list their commands and examples.
    t.regex(help.stdout, /Examples:\n {2}\$ nas /, `${name} has an example`);
  }
});

test('the help lists the options that exist', async (t) => {
  t.regex((await nas('stop', '--help')).stdout, /--reason <text>/);
  t.regex((await nas('list', '--help')).stdout, /--limit <n>/);
  t.regex((await nas('server', 'status', '--help')).stdout, /--json/);
  for (const read of ['status', 'result', 'list', 'server status']) t.regex((await nas(...read.split(' '), '--help')).stdout, /--json/, read);
});

test('--version prints the package version', async (t) => {
  const r = await nas('--version');
  t.is(r.code, 0);
  t.regex(r.stdout.trim(), /^\d+\.\d+\.\d+$/);
});

test('bad option values name the option and exit with 2, before anything connects', async (t) => {
  const cases: [string[], RegExp][] = [
    [['list', '--limit', 'abc'], /option '--limit <n>' argument 'abc' is invalid\. expected a whole number/],
    [['search', '--trials', '1e3'], /option '--trials <n>' argument '1e3' is invalid/],
    [['search', '--trials', '2.5'], /option '--trials <n>' argument '2\.5' is invalid/],
    [['search', '--concurrency', '0'], /option '--concurrency <n>' argument '0' is invalid\. expected a whole number from 1/],
    [['search', '--seed', '-1'], /option '--seed <n>'/],
    [['search', '--backend', 'tpu'], /expected one of auto, tensorflow-gpu/],
    [['search', '--id', ''], /option '--id <id>' argument '' is invalid\. must not be empty/],
    [['search', '--id', 'a/b'], /may not contain '\/'/],
    [['status', 'x'.repeat(1200)], /'x{40}…' \(1200 characters\) is invalid for argument 'id'\. is 1200 characters long, at most 200/],
    [['status'], /missing required argument 'id'/],
    [['list', 'extra'], /too many arguments for 'list'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['status', 'abc', '--verbose'], /unknown option '--verbose'/],
    [['worker', '--role', 'gpu'], /option '--role <role>' argument 'gpu' is invalid\. expected one of all, workflows, training/],
  ];
  const results = await inTurns(cases, ([args]) => nas(...args));
  cases.forEach(([args, message], i) => {
    const r = results[i];
    t.is(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    t.regex(r.stderr, message, args.join(' '));
    t.notRegex(r.stderr, /\n\s+at /, `no stack trace for ${args.join(' ')}`);
    t.true(r.stderr.length < 400, `a short message for ${args.join(' ')}`);
  });
});

test('a config error exits with 2 and names the key; nas alone prints the help and exits with 2', async (t) => {
  const bad = await nas('validate', join(home, 'missing.json'));
  t.is(bad.code, 2, JSON.stringify(bad));
  t.regex(bad.stderr, /^nas validate: cannot read config file .*missing\.json/);
  const bare = await nas();
  t.is(bare.code, 2);
  t.regex(bare.stderr + bare.stdout, /Usage: nas/);
});

test('an unreachable server exits with 5 and one line, no stack trace', async (t) => {
  const r = await nas('list');
  t.is(r.code, 5, r.stderr);
  t.regex(r.stderr, /^nas list: Cannot reach Temporal at 127\.0\.0\.1:9/);
  t.is(r.stderr.trim().split('\n').length, 1);
});

test('a folder NAS_ARTIFACTS names that does not exist is refused before anything starts: exit 2, naming the variable', async (t) => {
  // Perhaps a shared store that is not mounted: created, the search would run on the local disk.
  const missing = join(home, 'not-mounted');
  const unmounted = { ...env, vars: { ...env.vars, NAS_ARTIFACTS: missing } };
  for (const args of [['search', 'configs/synthetic.json'], ['worker', '--role', 'training']]) {
    const r = await runNas(args, unmounted, 60_000);
    t.is(r.code, 2, r.stderr);
    t.regex(r.stderr, new RegExp(`^nas ${args[0]}: NAS_ARTIFACTS=${missing}: the folder ${missing} does not exist; create it \\(mkdir -p ${missing}\\) or mount the shared store there`, 'm'));
    t.notRegex(r.stderr, /Cannot reach Temporal|\n\s+at /, 'refused before the server is asked');
  }
  t.false(existsSync(missing), 'nothing created');
});

/** Runs `nas args | head -1` the way a shell does: the reader leaves after its first line. */
function intoHead(args: string[]): Promise<{ code: number | null; stderr: string; first: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [NAS_BIN, ...args], { env: env.vars, stdio: ['ignore', 'pipe', 'pipe'] });
    let first = '';
    let stderr = '';
    child.stdout.once('data', (d: Buffer) => {
      first = d.toString().split('\n')[0];
      child.stdout.destroy();
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolvePromise({ code, stderr, first }));
  });
}

test('a reader that closes the pipe early (nas <cmd> --help | head) ends nas quietly, exit code 0', async (t) => {
  // Closing our end before nas writes makes its write fail with EPIPE every time.
  const closedAtOnce = await new Promise<{ code: number | null; stderr: string }>((resolvePromise) => {
    const child = spawn(process.execPath, [NAS_BIN, 'search', '--help'], { env: env.vars, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolvePromise({ code, stderr }));
  });
  t.is(closedAtOnce.code, 0, closedAtOnce.stderr);
  t.is(closedAtOnce.stderr, '');
  for (const args of [['--help'], ['search', '--help'], ['export', '--help']]) {
    const r = await intoHead(args);
    t.is(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    t.notRegex(r.stderr, /EPIPE|\n\s+at /, args.join(' '));
    t.regex(r.first, /^Usage: nas/);
  }
});
