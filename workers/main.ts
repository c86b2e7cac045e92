// `nas worker`: a long-running worker process (workflows and/or training) for the configured
// Temporal server. Ctrl-C (SIGINT) or SIGTERM shuts it down gracefully.
import { prepareArtifactRoot } from '../store';
import { connectWorkerConnection, ensureServer } from '../infra/temporal/connection';
import type { BackendChoice } from '../contracts/names';
import { startNasWorker, type WorkerRole } from './nas-worker';
import { installWorkerRuntime } from './runtime';

export interface WorkerCliOptions {
  roles: WorkerRole[];
  concurrency: number;
  backend: BackendChoice;
  trainingTaskQueue: string;
  /** Absolute paths of space modules to bundle into the workflow code. */
  spaceModules: string[];
}

export async function runWorkerProcess(options: WorkerCliOptions): Promise<void> {
  installWorkerRuntime();
  // Before anything connects or writes: a NAS_ARTIFACTS folder that is missing fails here.
  const artifactRoot = prepareArtifactRoot();
  const server = await ensureServer();
  const connection = await connectWorkerConnection({ address: server.address });
  const worker = await startNasWorker({
    connection,
    namespace: server.namespace,
    roles: options.roles,
    concurrency: options.concurrency,
    backend: options.backend,
    artifactRoot,
    trainingTaskQueue: options.trainingTaskQueue,
    spaceModules: options.spaceModules,
  });
  const stop = (): void => {
    process.stderr.write('shutting down worker (in-flight trainings are cancelled and retried elsewhere)\n');
    void worker.shutdown();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await worker.done;
  await connection.close();
}
