// The parent's handle on one trainer child process: forks it, relays its IPC messages and
// output, remembers its last stderr lines (for crash reports) and reports its exit once.
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { TrainingError } from './errors';
import type { ChildMessage, ParentMessage, WireError } from './protocol';
import type { BackendInfo } from '../contracts/training';
import type { BackendChoice } from '../contracts/names';

/**
 * TensorFlow's C library prints these at start-up before its own log level applies; they say
 * nothing actionable. They still land in the crash-report tail.
 */
const TENSORFLOW_STARTUP_NOISE = /absl::InitializeLog\(\) is called|oneDNN custom operations are on|This TensorFlow binary is optimized|rebuild TensorFlow with the appropriate compiler flags/;

/** Enough lines to show a native crash's message or an OOM report, few enough to log. */
const STDERR_LINES = 30;

export interface PoolChildEvents {
  onMessage(child: PoolChild, message: ChildMessage): void;
  onExit(child: PoolChild, exitCode: number | null, signal: NodeJS.Signals | null): void;
  log(message: string): void;
}

export function errorFromWire(error: WireError): TrainingError {
  return new TrainingError(error.message, { causeName: error.name, nonRetryable: error.nonRetryable, childStack: error.stack });
}

export class PoolChild {
  readonly pid: number;
  /** Resolves with the selected backend, rejects if selection failed or the child died first. */
  readonly ready: Promise<BackendInfo>;
  /** Resolves once the process has exited and its output is drained. */
  readonly exited: Promise<void>;
  /** Job id being trained, if any (the pool owns the job itself). */
  jobId: number | undefined;
  private readonly proc: ChildProcess;
  private readonly stderr: string[] = [];
  private hasExited = false;

  constructor(backend: BackendChoice, events: PoolChildEvents, env: Record<string, string> = {}) {
    this.proc = fork(path.join(__dirname, 'child.js'), [backend], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // Inspector flags would make each child fight for the parent's debug port;
      // --expose-gc lets train() collect garbage between trials (see train.ts).
      execArgv: [...process.execArgv.filter((arg) => !arg.startsWith('--inspect')), '--expose-gc'],
      // libtensorflow logs every op placement at INFO; keep warnings and errors.
      env: { TF_CPP_MIN_LOG_LEVEL: '1', ...env, ...process.env },
    });
    if (this.proc.pid === undefined) throw new Error('fork of trainer/child.js returned no pid');
    this.pid = this.proc.pid;
    const tag = `[trainer ${this.pid}]`;
    readline.createInterface({ input: this.proc.stdout! }).on('line', (line) => events.log(`${tag} ${line}`));
    readline.createInterface({ input: this.proc.stderr! }).on('line', (line) => {
      this.stderr.push(line);
      if (this.stderr.length > STDERR_LINES) this.stderr.shift();
      if (!TENSORFLOW_STARTUP_NOISE.test(line)) events.log(`${tag} ${line}`);
    });

    let markExited: () => void = () => undefined;
    this.exited = new Promise<void>((resolve) => (markExited = resolve));
    this.ready = new Promise<BackendInfo>((resolve, reject) => {
      this.proc.on('message', (message: ChildMessage) => {
        if (message.type === 'ready') resolve(message.backend);
        else if (message.type === 'init-failed') reject(errorFromWire(message.error));
        else events.onMessage(this, message);
      });
      // 'close' rather than 'exit': it also waits for stdout/stderr to drain, so the crash
      // report holds the child's last words.
      this.proc.on('close', (code, signal) => {
        this.hasExited = true;
        markExited();
        reject(new Error(`trainer child ${this.pid} exited (code ${code}, signal ${signal}) before selecting a backend`));
        events.onExit(this, code, signal);
      });
    });
    // Callers that never ask for the backend must not see an unhandled rejection.
    this.ready.catch(() => undefined);
    // An IPC send to a child that just died raises 'error' on the handle; 'exit' handles it.
    this.proc.on('error', (err) => events.log(`${tag} process error: ${err.message}`));
  }

  get alive(): boolean {
    return !this.hasExited;
  }

  /** The child's last stderr lines, oldest first. */
  stderrTail(): string[] {
    return [...this.stderr];
  }

  send(message: ParentMessage): void {
    if (this.hasExited || !this.proc.connected) return;
    this.proc.send(message, (err) => {
      // The child died between our check and the write; its 'exit' settles the job.
      if (err) this.proc.kill('SIGKILL');
    });
  }

  kill(signal: NodeJS.Signals): void {
    if (!this.hasExited) this.proc.kill(signal);
  }
}
