// The processes a drill runs and kills: a private Temporal dev server (started through the
// project's own infra/temporal/dev-server.ts, on its own port, SQLite under the drill's NAS
// home, so a restart reopens the same database) and `nas worker` processes, each in its own
// process group so that killing the group takes its trainer children with it.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { startDevServer } from '../../infra/temporal/dev-server';
import { isProcessAlive, sleep } from '../../infra/temporal/process-util';
import { isPortFree } from '../../infra/temporal/ports';

export const NAS_BIN = resolve(__dirname, '..', '..', '..', 'bin', 'nas.js');

/** A port free now, with port + 1000 (the dev server's Web UI) free as well. */
export async function freePortPair(): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const port = await listenOnce(0);
    if (port < 64000 && (await listenOnce(port + 1000).then(() => true, () => false))) return port;
  }
  throw new Error('no free port pair (p, p + 1000) found');
}

function listenOnce(port: number): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      const got = (server.address() as { port: number }).port;
      server.close(() => ok(got));
    });
  });
}

export class DrillServer {
  pid = 0;
  constructor(
    readonly home: string,
    readonly port: number,
  ) {}

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Starts it, or after a kill starts it again on the same port and database file. */
  async start(): Promise<void> {
    const info = await startDevServer({ dataDir: this.home, port: this.port, uiPort: this.port + 1000, readyTimeoutMs: 120_000 });
    this.pid = info.pid;
  }

  /**
   * kill -9 of the server (its process group). Returns once its port can be bound again: the
   * main thread of a killed multi-threaded process turns zombie before its other threads have
   * let go of the process's sockets.
   */
  async kill(): Promise<void> {
    signalGroup(this.pid, 'SIGKILL');
    for (let i = 0; i < 600 && (isProcessAlive(this.pid) || !(await isPortFree('127.0.0.1', this.port))); i++) await sleep(50);
  }
}

export class DrillWorker {
  readonly child: ChildProcess;
  readonly started = Date.now();

  constructor(env: NodeJS.ProcessEnv, readonly logFile: string, concurrency: number) {
    const out = openSync(logFile, 'a');
    this.child = spawn(process.execPath, [NAS_BIN, 'worker', '--concurrency', String(concurrency)], {
      env,
      stdio: ['ignore', out, out],
      detached: true,
    });
    closeSync(out);
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null && isProcessAlive(this.pid);
  }

  /** Resolves once the worker logged that it polls (both roles). */
  async polling(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!readLog(this.logFile).includes(`worker polling`)) {
      if (!this.alive) throw new Error(`worker ${this.pid} exited before polling; see ${this.logFile}`);
      if (Date.now() > deadline) throw new Error(`worker ${this.pid} did not poll within ${timeoutMs} ms; see ${this.logFile}`);
      await sleep(200);
    }
  }

  /** Its trainer children (trainer/child.js processes). */
  trainers(): number[] {
    return childrenOf(this.pid).filter((pid) => (readProc(pid, 'cmdline') ?? '').includes('child.js'));
  }

  /** kill -9 of the worker and its trainers at once. */
  kill(): void {
    signalGroup(this.pid, 'SIGKILL');
  }
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function readProc(pid: number, name: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${name}`, 'utf8');
  } catch {
    return undefined;
  }
}

/** Live children of `pid`, from /proc (the drill runs on Linux). */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readProc(Number(name), 'stat');
    if (stat === undefined) continue;
    // "pid (comm) S ppid ...": comm may hold spaces, so read after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[1]) === pid && fields[0] !== 'Z') out.push(Number(name));
  }
  return out;
}

export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  if (pid <= 0) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

export function killPid(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Runs `nas <args>` to its end; never throws (a drill expects some calls to meet a dead server). */
export function runNas(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [NAS_BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

export { join, sleep };
