// A pool of long-lived trainer child processes. At most `size` trials train at once, one per
// child; the rest wait in FIFO order. Children are forked lazily and replaced lazily after a
// crash or cancellation, so a pool survives any single trial.
import * as os from 'node:os';
import { PoolChild, errorFromWire } from './pool-child';
import type { ChildMessage } from './protocol';
import { OutOfMemoryError, TrainerCrashedError, TrainerPoolClosedError, TrainingCancelledError } from './errors';
import { OUT_OF_MEMORY } from './wire-error';
import type { BackendInfo, TrainProgress, TrainRequest, TrainResult } from '../contracts/training';
import type { BackendChoice } from '../contracts/names';

export interface TrainerPoolOptions {
  size: number;
  artifactRoot: string;
  backend: BackendChoice;
  log?: (msg: string) => void;
}

export interface RunHooks {
  onProgress?: (p: TrainProgress) => void;
  signal?: AbortSignal;
}

/** How long to wait for a SIGKILLed child to be reaped before giving up on it. */
const KILL_GRACE_MS = 5000;
/** How long close() lets idle children exit on their own before killing them. */
const SHUTDOWN_GRACE_MS = 5000;

interface Job {
  id: number;
  request: TrainRequest;
  hooks: RunHooks;
  resolve: (result: TrainResult) => void;
  reject: (err: Error) => void;
  child?: PoolChild;
  /** Set when the signal fired while running: the child's exit then means cancellation. */
  cancelled: boolean;
  settled: boolean;
  removeAbortListener: () => void;
}

/** Each child's share of the cores, as TensorFlow's intra- and inter-op thread counts. */
export function childThreadEnv(cores: number, children: number): Record<string, string> {
  const share = String(Math.max(1, Math.floor(cores / children)));
  return { TF_NUM_INTRAOP_THREADS: share, TF_NUM_INTEROP_THREADS: share };
}

export class TrainerPool {
  private readonly options: TrainerPoolOptions;
  private readonly log: (msg: string) => void;
  private readonly children = new Set<PoolChild>();
  private readonly queue: Job[] = [];
  private readonly running = new Map<number, Job>();
  private nextJobId = 1;
  private closed = false;

  constructor(options: TrainerPoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1) throw new Error(`TrainerPool size must be a positive integer, got ${options.size}`);
    this.options = { ...options };
    this.log = options.log ?? (() => undefined);
  }

  /** Trains one request in a child process; rejects with the trainer error classes. */
  run(request: TrainRequest, hooks: RunHooks = {}): Promise<TrainResult> {
    if (this.closed) return Promise.reject(new TrainerPoolClosedError('TrainerPool.run called after close()'));
    if (hooks.signal?.aborted) {
      return Promise.reject(new TrainingCancelledError(`trial ${request.trialId} was cancelled before it started`));
    }
    return new Promise<TrainResult>((resolve, reject) => {
      const job: Job = {
        id: this.nextJobId++, request, hooks, resolve, reject,
        cancelled: false, settled: false, removeAbortListener: () => undefined,
      };
      const signal = hooks.signal;
      if (signal !== undefined) {
        const onAbort = () => this.cancel(job);
        signal.addEventListener('abort', onAbort, { once: true });
        job.removeAbortListener = () => signal.removeEventListener('abort', onAbort);
      }
      this.queue.push(job);
      this.dispatch();
    });
  }

  /** The backend the pool's children selected (forks one child if none exists yet). */
  backendInfo(): Promise<BackendInfo> {
    if (this.closed) return Promise.reject(new TrainerPoolClosedError('TrainerPool.backendInfo called after close()'));
    const existing = [...this.children].find((child) => child.alive);
    return (existing ?? this.spawn()).ready;
  }

  /** Pid of the child currently training `trialId`, if it is running (not queued). */
  trialPid(trialId: string): number | undefined {
    for (const job of this.running.values()) if (job.request.trialId === trialId) return job.child?.pid;
    return undefined;
  }

  /** Pids of the pool's live children, busy or idle. */
  childPids(): number[] {
    return [...this.children].filter((c) => c.alive).map((c) => c.pid);
  }

  /** Rejects queued and running trials, stops every child and waits until they are gone. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) this.settle(job, new TrainerPoolClosedError(`pool closed before trial ${job.request.trialId} started`));
    const exits = [...this.children].map((child) => this.stop(child));
    await Promise.all(exits);
  }

  private spawn(): PoolChild {
    const child = new PoolChild(
      this.options.backend,
      {
        onMessage: (c, message) => this.onMessage(c, message),
        onExit: (c, code, signal) => this.onExit(c, code, signal),
        log: this.log,
      },
      // Children share the machine's cores: TensorFlow's default of one intra-op thread and
      // one inter-op thread per core in every child oversubscribes them. Measured on 2 cores
      // (eager path): two children with one intra-op thread each train ~5% faster in total
      // than with two each; graph path (bench/trainer-processes): one inter-op thread each
      // on top of that, ~6% more trainings per hour. The user's own settings win.
      childThreadEnv(os.cpus().length, this.options.size),
    );
    this.children.add(child);
    return child;
  }

  /** Starts queued jobs on idle children, forking new ones up to `size`. */
  private dispatch(): void {
    while (this.queue.length > 0 && !this.closed) {
      let child = [...this.children].find((c) => c.alive && c.jobId === undefined);
      if (child === undefined && this.children.size < this.options.size) child = this.spawn();
      if (child === undefined) return;
      const job = this.queue.shift()!;
      job.child = child;
      child.jobId = job.id;
      this.running.set(job.id, job);
      child.send({ type: 'train', jobId: job.id, request: job.request, artifactRoot: this.options.artifactRoot });
    }
  }

  private onMessage(child: PoolChild, message: ChildMessage): void {
    if (message.type === 'log') {
      this.log(`[trainer ${child.pid}] ${message.message}`);
      return;
    }
    if (message.type !== 'progress' && message.type !== 'result' && message.type !== 'error') return;
    const job = this.running.get(message.jobId);
    if (job === undefined || job.settled) return;
    if (message.type === 'progress') {
      try {
        job.hooks.onProgress?.(message.progress);
      } catch (err) {
        // A faulty hook must not take the pool down; the trial itself is fine.
        this.log(`onProgress hook of trial ${job.request.trialId} threw: ${(err as Error).message}`);
      }
      return;
    }
    child.jobId = undefined;
    this.running.delete(job.id);
    this.settle(job, message.type === 'result' ? message.result : errorFromWire(message.error));
    this.dispatch();
  }

  private onExit(child: PoolChild, exitCode: number | null, signal: NodeJS.Signals | null): void {
    this.children.delete(child);
    const job = child.jobId === undefined ? undefined : this.running.get(child.jobId);
    if (job !== undefined) {
      this.running.delete(job.id);
      const trial = job.request.trialId;
      if (job.cancelled) {
        this.settle(job, new TrainingCancelledError(`trial ${trial} was cancelled; its trainer (pid ${child.pid}) was killed`));
      } else if (this.closed) {
        this.settle(job, new TrainerPoolClosedError(`pool closed while trial ${trial} was training`));
      } else {
        const tail = child.stderrTail();
        const how = signal !== null ? `signal ${signal}` : `exit code ${exitCode}`;
        const last = tail.length > 0 ? `; last stderr lines:\n${tail.join('\n')}` : '';
        const message = `trainer child ${child.pid} died (${how}) while training trial ${trial}${last}`;
        // A child killed by V8's or TensorFlow's out-of-memory abort says so in its last lines.
        this.settle(job, OUT_OF_MEMORY.test(tail.join('\n')) ? new OutOfMemoryError(`out of memory: ${message}`) : new TrainerCrashedError(message, { exitCode, signal, stderrTail: tail }));
      }
    }
    // A replacement is forked here only if work is waiting; otherwise on the next run().
    this.dispatch();
  }

  private cancel(job: Job): void {
    if (job.settled) return;
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.settle(job, new TrainingCancelledError(`trial ${job.request.trialId} was cancelled while queued`));
      return;
    }
    const child = job.child;
    if (child === undefined) return;
    job.cancelled = true;
    // No cooperative stop: tfjs cannot interrupt a running kernel, and checkpoints are
    // written atomically, so killing outright is both the fastest and a safe way.
    child.kill('SIGKILL');
    // The rejection normally comes from onExit, once the child is really gone. Should the
    // kernel not reap it in time (e.g. stuck in uninterruptible I/O), give up waiting.
    setTimeout(() => {
      if (job.settled) return;
      this.running.delete(job.id);
      this.children.delete(child);
      this.settle(job, new TrainingCancelledError(`trial ${job.request.trialId} was cancelled; its trainer (pid ${child.pid}) did not exit within ${KILL_GRACE_MS} ms of SIGKILL`));
      this.dispatch();
    }, KILL_GRACE_MS).unref();
  }

  /** Asks an idle child to exit, kills a busy (or unresponsive) one; resolves once it is gone. */
  private async stop(child: PoolChild): Promise<void> {
    if (child.jobId !== undefined) child.kill('SIGKILL');
    else child.send({ type: 'shutdown' });
    const force = setTimeout(() => child.kill('SIGKILL'), SHUTDOWN_GRACE_MS);
    await child.exited;
    clearTimeout(force);
  }

  private settle(job: Job, outcome: TrainResult | Error): void {
    if (job.settled) return;
    job.settled = true;
    job.removeAbortListener();
    if (outcome instanceof Error) job.reject(outcome);
    else job.resolve(outcome);
  }
}
