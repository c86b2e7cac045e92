// Lifecycle of the local Temporal dev server that NAS manages for users who have
// no cluster. It runs detached so searches keep their server (and their durable
// history in SQLite) after the `nas` command that started it exits.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nasHome } from '../paths';
import { ensureTemporalCli } from './cli-install';
import {
  clearServerRecord,
  DevServerRecord,
  liveServerRecord,
  readServerRecord,
  serverRecordPath,
  writeServerRecord,
} from './dev-server-state';
import { withFileLock } from './file-lock';
import { devServerSearchAttributeArgs } from './search-attributes';
import { ensureNamespace, probeTemporal, waitForHealthy } from './health';
import { isPortFree, speaksHttp2 } from './ports';
import { isProcessAlive, terminateProcessGroup } from './process-util';

export type { DevServerRecord } from './dev-server-state';

export const DEFAULT_PORT = 7233;
/** Loopback only: the dev server has no auth and must not be reachable from the network. */
const HOST = '127.0.0.1';

export interface DevServerOptions {
  /** State directory (SQLite db, logs, server.json); defaults to nasHome(). */
  dataDir?: string;
  /** gRPC frontend port; default 7233. */
  port?: number;
  /** Web UI port; default port + 1000 (8233), matching the CLI's own default. */
  uiPort?: number;
  /** Namespace created at startup ("default" always exists as well). */
  namespace?: string;
  /** Temporal CLI binary; default ensureTemporalCli(). */
  cliPath?: string;
  /** How long to wait for the server to answer; first start with a fresh db takes a few seconds. */
  readyTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface DevServerInfo extends DevServerRecord {
  /** True if an already running server was reused rather than a new one spawned. */
  alreadyRunning: boolean;
}

export interface DevServerStatus {
  running: boolean;
  /** Answers gRPC and has its namespace (only probed when running). */
  healthy: boolean;
  pid?: number;
  address: string;
  uiUrl: string;
  namespace: string;
  dbPath: string;
  logPath: string;
  dataDir: string;
}

/** Thrown when a port we need is held by a process that is not our dev server. */
export class PortInUseError extends Error {
  constructor(
    message: string,
    readonly port: number,
  ) {
    super(message);
    this.name = 'PortInUseError';
  }
}

/**
 * Start the dev server for `dataDir`, or return the one already running there.
 * Serialized by a lock file, so concurrent callers end up sharing one server.
 */
export async function startDevServer(opts: DevServerOptions = {}): Promise<DevServerInfo> {
  const dataDir = opts.dataDir ?? nasHome();
  const log = opts.log ?? (() => undefined);
  const readyTimeoutMs = opts.readyTimeoutMs ?? 60_000;
  fs.mkdirSync(dataDir, { recursive: true });

  return withFileLock(
    path.join(dataDir, 'server.lock'),
    {
      // Another caller holding the lock may itself be building the CLI for minutes.
      timeoutMs: 30 * 60_000,
      onWait: (pid) => log(`Waiting for pid ${pid}, which is starting the Temporal dev server...`),
    },
    async () => {
      const existing = liveServerRecord(dataDir);
      if (existing) return reuse(dataDir, existing, opts, readyTimeoutMs, log);
      clearServerRecord(dataDir); // stale record from a crash or reboot
      return spawnServer(dataDir, opts, readyTimeoutMs, log);
    },
  );
}

async function reuse(
  dataDir: string,
  record: DevServerRecord,
  opts: DevServerOptions,
  readyTimeoutMs: number,
  log: (line: string) => void,
): Promise<DevServerInfo> {
  if (opts.port !== undefined && opts.port !== record.port) {
    log(`Dev server already running on port ${record.port} (pid ${record.pid}); ignoring requested port ${opts.port}.`);
  }
  const result = await waitForHealthy({
    address: record.address,
    namespace: record.namespace,
    timeoutMs: readyTimeoutMs,
    stillRunning: () => isProcessAlive(record.pid),
  });
  if (result !== 'healthy') {
    throw new Error(
      `The dev server recorded in ${serverRecordPath(dataDir)} (pid ${record.pid}) ` +
        `is ${result === 'exited' ? 'gone' : 'not answering'} at ${record.address}. ` +
        `See ${record.logPath}; stop it (kill ${record.pid}) and retry.`,
    );
  }
  if (opts.namespace !== undefined && opts.namespace !== record.namespace) {
    await ensureNamespace(record.address, opts.namespace);
  }
  return { ...record, alreadyRunning: true };
}

async function spawnServer(
  dataDir: string,
  opts: DevServerOptions,
  readyTimeoutMs: number,
  log: (line: string) => void,
): Promise<DevServerInfo> {
  const port = opts.port ?? DEFAULT_PORT;
  const uiPort = opts.uiPort ?? port + 1000;
  const namespace = opts.namespace ?? 'default';
  await assertPortFree(port, 'gRPC', dataDir);
  await assertPortFree(uiPort, 'Web UI', dataDir);

  const cliPath = opts.cliPath ?? (await ensureTemporalCli({ log }));
  const dbPath = path.join(dataDir, 'temporal.db');
  const logPath = path.join(dataDir, 'logs', 'temporal-server.log');
  fs.mkdirSync(path.dirname(logPath), { recursive: true });

  const args = ['server', 'start-dev', '--db-filename', dbPath, '--ip', HOST, '--port', String(port)];
  args.push('--ui-port', String(uiPort), '--namespace', namespace, '--log-level', 'warn');
  // Registered at start, so searches are findable by them from the first one on.
  args.push(...devServerSearchAttributeArgs());

  const logFd = fs.openSync(logPath, 'a');
  fs.writeSync(logFd, `\n=== ${new Date().toISOString()} ${cliPath} ${args.join(' ')}\n`);
  const child = spawn(cliPath, args, {
    detached: true, // own process group: survives our exit and Ctrl-C in our terminal
    stdio: ['ignore', logFd, logFd],
    cwd: dataDir,
    env: serverEnv(),
  });
  fs.closeSync(logFd);
  let exited = false;
  child.once('exit', () => (exited = true));
  child.once('error', () => (exited = true));
  child.unref();
  if (child.pid === undefined) throw new Error(`Could not run ${cliPath}; see ${logPath}`);

  const record: DevServerRecord = {
    pid: child.pid,
    host: HOST,
    port,
    uiPort,
    address: `${HOST}:${port}`,
    uiUrl: `http://${HOST}:${uiPort}`,
    namespace,
    dbPath,
    logPath,
    cliPath,
    startedAt: new Date().toISOString(),
  };
  // Record before waiting so `stop` can clean up even if we are interrupted while it boots.
  writeServerRecord(dataDir, record);
  log(`Starting Temporal dev server (pid ${child.pid}) at ${record.address}, UI ${record.uiUrl} ...`);

  const result = await waitForHealthy({
    address: record.address,
    namespace,
    timeoutMs: readyTimeoutMs,
    stillRunning: () => !exited && isProcessAlive(record.pid),
  });
  if (result === 'healthy') return { ...record, alreadyRunning: false };

  await terminateProcessGroup(record.pid, 5_000);
  clearServerRecord(dataDir);
  const why =
    result === 'exited' ? 'exited during startup' : `did not become ready within ${Math.round(readyTimeoutMs / 1000)}s`;
  throw new Error(`Temporal dev server ${why}. Last lines of ${logPath}:\n${logTail(logPath, 15)}`);
}

/** Stop our dev server: SIGTERM, then SIGKILL if it outlives `graceMs`. */
export async function stopDevServer(
  opts: { dataDir?: string; graceMs?: number } = {},
): Promise<{ wasRunning: boolean; pid?: number; forced: boolean }> {
  const dataDir = opts.dataDir ?? nasHome();
  const record = liveServerRecord(dataDir);
  if (!record) {
    clearServerRecord(dataDir);
    return { wasRunning: false, forced: false };
  }
  const forced = await terminateProcessGroup(record.pid, opts.graceMs ?? 10_000);
  clearServerRecord(dataDir);
  return { wasRunning: true, pid: record.pid, forced };
}

/** What is (or would be) running for `dataDir`, without starting anything. */
export async function devServerStatus(opts: { dataDir?: string } = {}): Promise<DevServerStatus> {
  const dataDir = opts.dataDir ?? nasHome();
  const live = liveServerRecord(dataDir);
  const recorded = live ?? readServerRecord(dataDir);
  const port = recorded?.port ?? DEFAULT_PORT;
  const namespace = recorded?.namespace ?? 'default';
  const address = recorded?.address ?? `${HOST}:${port}`;
  return {
    running: live !== undefined,
    healthy: live !== undefined && (await probeTemporal(address, namespace)),
    pid: live?.pid,
    address,
    uiUrl: recorded?.uiUrl ?? `http://${HOST}:${port + 1000}`,
    namespace,
    dbPath: path.join(dataDir, 'temporal.db'),
    logPath: path.join(dataDir, 'logs', 'temporal-server.log'),
    dataDir,
  };
}

async function assertPortFree(port: number, what: string, dataDir: string): Promise<void> {
  if (await isPortFree(HOST, port)) return;
  const address = `${HOST}:${port}`;
  // Tailor the advice: a foreign Temporal server can simply be used instead.
  const isTemporal =
    what === 'gRPC' && (await speaksHttp2(HOST, port, 1_500)) && (await probeTemporal(address, 'default', 1_500));
  const advice = isTemporal
    ? `It answers like a Temporal server that NAS did not start (no live record in ${serverRecordPath(dataDir)}). ` +
      `To use it, set TEMPORAL_ADDRESS=${address}; otherwise stop it or choose another port.`
    : `It is held by another program (find it with: ss -ltnp 'sport = :${port}' or lsof -i :${port}). ` +
      'Stop it or choose another port for the NAS dev server.';
  throw new PortInUseError(`Cannot start the Temporal dev server: ${what} port ${address} is already in use. ${advice}`, port);
}

/**
 * The CLI reads TEMPORAL_* variables as client configuration; ours may point at a
 * remote cluster or carry TLS settings meant for clients, which must not leak
 * into the server we spawn.
 */
function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('TEMPORAL_')) env[k] = v;
  return env;
}

function logTail(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(log not readable)';
  }
}
