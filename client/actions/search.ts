// `nas search`: validates the config, makes sure a server and workers are
// there, starts the search workflow, and (unless detached) follows it to the end.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client, type Connection } from '@temporalio/client';
import { logsDir } from '../../infra/paths';
import { isStoreUrl, openArtifactStore, prepareArtifactRoot } from '../../store';
import { connectWorkerConnection, ensureServer, workflowUiUrl } from '../../infra/temporal/connection';
import { connectOrExplain } from '../with-client';
import { UsageError } from '../errors';
import { id as checkId } from '../options';
import type { SearchConfig } from '../../domain/config/search-config';
import type { BackendChoice } from '../../contracts/names';
import { SEARCH_TASK_QUEUE, SEARCH_WORKFLOW_TYPE } from '../../workflows/definitions';
import { installWorkerRuntime, startNasWorker, type RunningNasWorker, type WorkerRole } from '../../workers/nas-worker';
import { EXIT } from '../exit-codes';
import { searchStartMetadata } from '../search-metadata';
import { ensureSearchAttributes } from '../../infra/temporal/search-attributes';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../load-config';
import { hasLivePollers } from '../workers-present';
import { recordBackgroundWorker, rolesServedByBackgroundWorkers } from '../background-workers';
import { watchUntilDone } from './watch';
import { writeLine } from '../watch/follow';
import { spaceModulesFromEnv } from '../../workers/space-modules';

export interface SearchOptions {
  detach?: boolean;
  id?: string;
  backend?: BackendChoice;
  trials?: number;
  concurrency?: number;
  seed?: number;
  json?: boolean;
}

export async function searchCommand(configPath: string | undefined, opts: SearchOptions): Promise<number> {
  const path = resolve(configPath ?? DEFAULT_CONFIG_PATH);
  // The id becomes a folder name under the artifact root: checked before anything is written.
  const searchId = opts.id === undefined ? newSearchId() : checkedId(opts.id);
  const config = loadConfig(path, (raw) => applyFlagOverrides(raw, opts));
  // NAS_ARTIFACTS, checked (the default folder created) before the server is even asked.
  const artifactRoot = prepareArtifactRoot();
  const detach = opts.detach === true;
  // Messages (the in-process worker's too) go above the live progress block on a terminal.
  const log = (line: string): void => writeLine(process.stderr, line);

  const server = await ensureServer({ log });
  const { client, connection } = await connectOrExplain(server.address);
  try {
    await refuseTakenId(client, searchId, artifactRoot);
    const worker = await ensureWorkers(client, server.namespace, config, detach, server.address, log, artifactRoot);
    await registerSearchAttributes(connection, server.namespace, log);
    try {
      await client.workflow.start(SEARCH_WORKFLOW_TYPE, {
        taskQueue: SEARCH_TASK_QUEUE,
        workflowId: searchId,
        // Another run under a finished search's id would resume from its checkpoints.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [{ config }],
        ...searchStartMetadata(config, path),
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) throw takenId(searchId, 'was started meanwhile');
      throw err;
    }
    if (detach) {
      process.stdout.write(`${searchId}\n`);
      if (server.uiUrl) log(`Web UI: ${workflowUiUrl(server.uiUrl, server.namespace, searchId)}`);
      return EXIT.ok;
    }
    log(`search ${searchId} started from ${path}`);
    if (server.uiUrl) log(`Web UI: ${workflowUiUrl(server.uiUrl, server.namespace, searchId)}`);
    const stopOnInterrupt = (): void => {
      log(`\ninterrupted: search ${searchId} is durable and resumes when a worker runs (nas worker); nas stop ${searchId} ends it`);
      void worker?.shutdown().then(() => process.exit(EXIT.interrupted));
    };
    process.once('SIGINT', stopOnInterrupt);
    try {
      // Progress goes where the messages go (stderr) unless JSON lines were asked for.
      return await watchUntilDone(client, searchId, { json: opts.json === true, interval: 2, out: opts.json ? process.stdout : process.stderr });
    } finally {
      process.off('SIGINT', stopOnInterrupt);
      await worker?.shutdown();
    }
  } finally {
    await connection.close();
  }
}

/** The search sets its attributes from its first workflow task on: they must exist before it starts. */
async function registerSearchAttributes(connection: Connection, namespace: string, log: (line: string) => void): Promise<void> {
  try {
    const added = await ensureSearchAttributes(connection, namespace);
    if (added.length > 0) log(`registered search attributes ${added.join(', ')} in namespace ${namespace}`);
  } catch (err) {
    throw new Error(
      `cannot register the search attributes searches need in namespace ${namespace}: ${(err as Error).message}. ` +
        'Add them once with the Temporal CLI (see the README) and retry.',
    );
  }
}

function applyFlagOverrides(raw: Record<string, unknown>, opts: SearchOptions): void {
  const section = (key: string): Record<string, unknown> => {
    const current = raw[key];
    const value = typeof current === 'object' && current !== null ? (current as Record<string, unknown>) : {};
    raw[key] = value;
    return value;
  };
  if (opts.backend !== undefined) section('training').backend = opts.backend;
  if (opts.trials !== undefined) section('budget').trials = opts.trials;
  if (opts.concurrency !== undefined) raw.concurrency = opts.concurrency;
  if (opts.seed !== undefined) raw.seed = opts.seed;
}

function checkedId(raw: string): string {
  try {
    return checkId(raw);
  } catch (err) {
    throw new UsageError(`--id: ${(err as Error).message}`);
  }
}

/**
 * An id names one search. Reusing it would start a run that resumes from the earlier
 * search's checkpoints (mixing both), so it is refused while the server knows the id or its
 * artifact folder exists.
 */
async function refuseTakenId(client: Client, searchId: string, location: string): Promise<void> {
  try {
    const d = await client.workflow.getHandle(searchId).describe();
    throw takenId(searchId, `is ${d.status.name.toLowerCase()} (started ${d.startTime.toISOString()})`);
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
  // A folder store: even an empty folder of that name; an object store: any trial stored under it.
  const left = isStoreUrl(location) ? (await openArtifactStore(location).listTrials(searchId)).length > 0 : existsSync(join(location, searchId));
  if (left) {
    throw new UsageError(`--id: an earlier search "${searchId}" left artifacts in ${location}/${searchId}; choose another --id (or remove them)`);
  }
}

function takenId(searchId: string, state: string): UsageError {
  return new UsageError(`--id: search "${searchId}" ${state}; an id names one search, choose another --id (nas status ${searchId} shows it)`);
}

function newSearchId(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `nas-${stamp}-${randomBytes(2).toString('hex')}`;
}

/**
 * Starts the workers nobody provides yet: in this process when following the search, as a
 * detached background process (logging under ~/.nas/logs) when --detach returns at once.
 */
export async function ensureWorkers(
  client: Client,
  namespace: string,
  config: SearchConfig,
  detach: boolean,
  address: string,
  log: (line: string) => void,
  artifactRoot: string,
): Promise<RunningNasWorker | undefined> {
  const service = { address, namespace, trainingTaskQueue: config.trainingTaskQueue };
  const background = rolesServedByBackgroundWorkers(service);
  const roles: WorkerRole[] = [];
  if (!background.has('workflows') && !(await hasLivePollers(client, namespace, SEARCH_TASK_QUEUE, 'workflow'))) roles.push('workflows');
  if (!background.has('training') && !(await hasLivePollers(client, namespace, config.trainingTaskQueue, 'activity'))) roles.push('training');
  if (roles.length === 0) {
    log('using the workers already polling this server');
    return undefined;
  }
  if (detach) {
    mkdirSync(logsDir(), { recursive: true });
    const logFile = join(logsDir(), `worker-${Date.now()}.log`);
    const out = openSync(logFile, 'a');
    const bin = resolve(__dirname, '..', '..', '..', 'bin', 'nas.js');
    const child = spawn(
      process.execPath,
      [bin, 'worker', '--role', roles.length === 2 ? 'all' : roles[0], '--concurrency', String(config.concurrency),
        '--backend', config.training.backend, '--training-task-queue', config.trainingTaskQueue,
        ...(config.space.module ? ['--space-module', config.space.module] : [])],
      { detached: true, stdio: ['ignore', out, out], env: process.env },
    );
    child.unref();
    if (child.pid !== undefined) recordBackgroundWorker(child.pid, logFile, { ...service, roles });
    log(`started a background worker (pid ${child.pid}, log ${logFile}); nas server stop stops it too`);
    return undefined;
  }
  installWorkerRuntime(process.env, 'brief', log);
  const connection = await connectWorkerConnection({ address });
  const worker = await startNasWorker({
    connection,
    namespace,
    roles,
    concurrency: config.concurrency,
    backend: config.training.backend,
    artifactRoot,
    trainingTaskQueue: config.trainingTaskQueue,
    // The config's space module (made absolute and loaded by loadConfig), and NAS_SPACE_MODULES.
    spaceModules: [...spaceModulesFromEnv(), ...(config.space.module ? [config.space.module] : [])],
    log,
  });
  return {
    ...worker,
    shutdown: async () => {
      await worker.shutdown();
      await connection.close();
    },
  };
}
