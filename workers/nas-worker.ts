// Runs the two kinds of Temporal worker NAS needs: the workflow worker (cheap, deterministic
// search loops) and the training worker (activities backed by a pool of trainer processes).
// They poll separate task queues so training can be served by other (GPU) machines alone.
import { Worker, type NativeConnection } from '@temporalio/worker';
import { createActivities, createTrialStoreActivities } from '../activities';
import { TrainerPool } from '../trainer/pool';
import type { BackendChoice } from '../contracts/names';
import { SEARCH_TASK_QUEUE } from '../workflows/definitions';
import { ensureSearchAttributes } from '../infra/temporal/search-attributes';
import { loadSpaceModule } from './space-modules';
import { workflowSource } from './workflow-entry';
export { installWorkerRuntime } from './runtime';

export type WorkerRole = 'workflows' | 'training';

export interface NasWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  roles: WorkerRole[];
  /** Trainings this worker runs at once (one trainer process each). */
  concurrency: number;
  backend: BackendChoice;
  artifactRoot: string;
  trainingTaskQueue: string;
  searchTaskQueue?: string;
  /**
   * Absolute paths of users' space modules (compiled JavaScript exporting `spaceFamily`): they
   * are bundled into the workflow code, so searches whose config names their families run here.
   */
  spaceModules?: readonly string[];
  log?: (line: string) => void;
  /**
   * The SDK's debug mode for the workflow worker: no 2 s deadlock detection. Only for tools
   * whose workflow tasks may legitimately compute longer (the tabular builder's enumeration).
   */
  debugMode?: boolean;
}

export interface RunningNasWorker {
  /** Resolves when every worker has stopped (after shutdown() or a fatal error). */
  done: Promise<void>;
  shutdown(): Promise<void>;
  pool?: TrainerPool;
}

export async function startNasWorker(opts: NasWorkerOptions): Promise<RunningNasWorker> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const workers: Worker[] = [];
  let pool: TrainerPool | undefined;

  if (opts.roles.includes('workflows')) {
    // Searches set these attributes; without them their workflow tasks would fail.
    await ensureSearchAttributes(opts.connection, opts.namespace).then(
      (added) => added.length > 0 && log(`registered search attributes ${added.join(', ')} in namespace ${opts.namespace}`),
      (err: unknown) => log(`warning: could not register the search attributes in namespace ${opts.namespace} (${(err as Error).message}); searches need them: see the README`),
    );
    const spaceModules = [...new Set(opts.spaceModules ?? [])];
    // Loading each module here first turns a broken one into a clear error before webpack runs.
    for (const path of spaceModules) log(`space module ${path}: space.type ${loadSpaceModule(path).map((t) => `"${t}"`).join(', ')}`);
    const source = workflowSource(spaceModules);
    try {
      workers.push(
        await Worker.create({
          connection: opts.connection,
          namespace: opts.namespace,
          taskQueue: opts.searchTaskQueue ?? SEARCH_TASK_QUEUE,
          workflowsPath: source.workflowsPath,
          ...(opts.debugMode ? { debugMode: true } : {}),
          // Searches write settled trials' records to the trial store from here.
          activities: createTrialStoreActivities(opts.artifactRoot),
          ...(source.bundlerOptions ? { bundlerOptions: source.bundlerOptions } : {}),
        }),
      );
    } finally {
      source.cleanup();
    }
  }
  if (opts.roles.includes('training')) {
    pool = new TrainerPool({ size: opts.concurrency, artifactRoot: opts.artifactRoot, backend: opts.backend, log });
    const backend = await pool.backendInfo();
    log(`training backend: ${backend.name} (${backend.package} ${backend.version}${backend.gpu ? ', GPU' : ''})`);
    workers.push(
      await Worker.create({
        connection: opts.connection,
        namespace: opts.namespace,
        taskQueue: opts.trainingTaskQueue,
        activities: createActivities({ pool, artifactRoot: opts.artifactRoot }),
        maxConcurrentActivityTaskExecutions: opts.concurrency,
        // Heartbeats carry each epoch's metrics to `nas watch`; the SDK would otherwise hold
        // them back for up to 80% of the heartbeat timeout (16 s).
        maxHeartbeatThrottleInterval: '1s',
      }),
    );
  }
  log(`worker polling ${opts.roles.join(' + ')} (training concurrency ${opts.concurrency}, artifacts ${opts.artifactRoot})`);

  const done = Promise.all(workers.map((w) => w.run())).then(async () => {
    await pool?.close();
  });
  let stopping: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    stopping ??= (async () => {
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
      await done;
    })();
    return stopping;
  };
  return { done, shutdown, ...(pool ? { pool } : {}) };
}
