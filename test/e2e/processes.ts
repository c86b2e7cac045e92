// Helpers for tests that drive the real `nas` binary and worker processes.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestFn } from 'ava';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTestEnv } from '../helpers/temporal-test-env';
import type { SearchResult } from '../../domain/search/types';

export const NAS_BIN = resolve(__dirname, '..', '..', '..', 'bin', 'nas.js');

export interface NasEnv {
  home: string;
  artifacts: string;
  vars: NodeJS.ProcessEnv;
}

/** An isolated NAS home pointed at the given Temporal server. */
export function nasEnv(address: string): NasEnv {
  const home = mkdtempSync(join(tmpdir(), 'nas-e2e-'));
  // A folder NAS_ARTIFACTS names must exist (store/root.ts): as a user's shared store would.
  const artifacts = join(home, 'artifacts');
  mkdirSync(artifacts);
  return { home, artifacts, vars: { ...process.env, TEMPORAL_ADDRESS: address, NAS_HOME: home, NAS_ARTIFACTS: artifacts } };
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runNas(args: string[], env: NasEnv, timeoutMs = 120_000): Promise<RunResult> {
  return startNas(args, env, timeoutMs).done;
}

/** Starts `nas <args>` and lets the caller read its output while it runs. */
export function startNas(args: string[], env: NasEnv, timeoutMs = 120_000): { stdout: () => string; done: Promise<RunResult> } {
  let stdout = '';
  const done = new Promise<RunResult>((resolvePromise, reject) => {
    const child = spawn(process.execPath, [NAS_BIN, ...args], { env: env.vars, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`nas ${args.join(' ')} timed out\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
  return { stdout: () => stdout, done };
}

/** A `nas worker` in its own process group, so a test can kill -9 it with all its trainers. */
export function startWorkerProcess(env: NasEnv, args: string[] = []): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [NAS_BIN, 'worker', ...args], { env: env.vars, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return { child, output: () => output };
}

/**
 * SIGKILLs the workers `nas search --detach` started in the background for this NAS home (it
 * records them under <home>/workers), with their trainers: they run in groups of their own, so
 * killing the test's worker leaves them polling a dev server that is gone. Returns their pids.
 */
export function killBackgroundWorkers(env: NasEnv): number[] {
  const dir = join(env.home, 'workers');
  const pids = existsSync(dir) ? readdirSync(dir).map((name) => Number(name.replace(/\.json$/, ''))).filter((pid) => Number.isInteger(pid) && pid > 0) : [];
  for (const pid of pids) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  return pids;
}

/** SIGKILL a worker's whole process group: the worker and its trainer processes die at once. */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (child.pid !== undefined) {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  }
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface SharedWorkerContext {
  env: TestWorkflowEnvironment;
  nas: NasEnv;
  worker: ReturnType<typeof startWorkerProcess>;
}

/** One private dev server and one `nas worker` shared by every test of a file (ava hooks). */
export function useSharedWorker(test: TestFn<SharedWorkerContext>, workerArgs: string[] = ['--concurrency', '2']): void {
  test.before(async (t) => {
    t.context.env = await createTestEnv();
    t.context.nas = nasEnv(t.context.env.address);
    t.context.worker = startWorkerProcess(t.context.nas, workerArgs);
    await waitFor('the worker to poll', () => (t.context.worker.output().includes('worker polling') ? true : undefined), 120_000);
  });
  test.after.always(async (t) => {
    if (t.context.worker) killGroup(t.context.worker.child, 'SIGTERM');
    await t.context.env?.teardown();
  });
}

/**
 * Runs `config` as search `id` through `nas search --detach`, waits for `nas status` to leave
 * 'running', and returns `nas result --json`; a command that prints nothing fails with its stderr.
 */
export async function searchThroughCli(nas: NasEnv, id: string, config: object): Promise<SearchResult> {
  const path = join(nas.home, `${id}.json`);
  writeFileSync(path, JSON.stringify(config));
  const started = await runNas(['search', path, '--detach', '--id', id], nas);
  if (started.code !== 0) throw new Error(`nas search ${id}: exit code ${started.code}: ${started.stderr}`);
  await waitFor(`the ${id} search to end`, async () => {
    const out = await runNas(['status', id, '--json'], nas);
    if (out.stdout.trim() === '') throw new Error(`nas status ${id} --json: exit code ${out.code}: ${out.stderr}`);
    const r = JSON.parse(out.stdout) as { status: string };
    return r.status === 'running' ? undefined : r;
  }, 540_000, 1000);
  const result = await runNas(['result', id, '--json'], nas);
  if (result.stdout.trim() === '') throw new Error(`nas result ${id} --json: exit code ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as SearchResult;
}
