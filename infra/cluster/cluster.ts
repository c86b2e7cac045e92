// `nas cluster up | down | status | env`: PostgreSQL, the Temporal server (with its Web UI)
// and versitygw on this machine, under <NAS_HOME>/cluster. `up` is idempotent: what runs is
// kept, what is missing is started; the first `up` also generates the settings (ports,
// credentials), sets up the schemas, the namespace and NAS's search attributes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import { ensureSearchAttributes } from '../temporal/search-attributes';
import { ensureNamespace, waitForHealthy } from '../temporal/health';
import { isProcessAlive, sleep } from '../temporal/process-util';
import { ensureClusterBinaries, installedClusterBinaries, missingClusterBinaries, type ClusterBinaries } from './binaries';
import { logTail, runningPid, startDaemon, stopDaemon, type Daemon } from './daemon';
import { ensurePostgresInstalled, initPostgres, postgresPaths, postgresRunning, startPostgres, stopPostgres } from './postgres';
import { clusterDir, newClusterConfig, readClusterConfig, workerEnv, writeClusterConfig, type ClusterConfig, type NewClusterOptions } from './state';
import { DYNAMIC_CONFIG, serverConfig, setupSchemas, uiConfig } from './temporal-server';
import { versitygwDaemon, waitForPort } from './versitygw';

type Env = Readonly<Record<string, string | undefined>>;
type Log = (line: string) => void;

const SERVER_READY_MS = 120_000;

interface Layout {
  dir: string;
  run: string;
  logs: string;
  temporal: string;
  ui: string;
  s3Data: string;
}

function layout(env: Env): Layout {
  const dir = clusterDir(env);
  return { dir, run: path.join(dir, 'run'), logs: path.join(dir, 'logs'), temporal: path.join(dir, 'temporal'), ui: path.join(dir, 'ui'), s3Data: path.join(dir, 's3') };
}

/** Where a client on this machine reaches a service bound to `host`. */
const local = (config: ClusterConfig) => (config.host === '0.0.0.0' ? '127.0.0.1' : config.host);

export interface UpOptions extends Partial<NewClusterOptions> {
  log?: Log;
  env?: Env;
}

export interface UpReport {
  config: ClusterConfig;
  /** Milliseconds from the call to a usable cluster. */
  elapsedMs: number;
  started: string[];
  uiUrl: string;
}

/** Fails with the command that builds them, instead of starting a build inside `up`. */
function requireBinaries(env: Env): ClusterBinaries {
  const bins = installedClusterBinaries(env);
  if (bins === undefined) {
    throw new Error(`the cluster's programs are not built yet (missing: ${missingClusterBinaries(env).join(', ')}); run: nas cluster install   (once per machine, 10-40 minutes on 2 cores)`);
  }
  return bins;
}

export async function clusterInstall(log: Log, env: Env = process.env): Promise<ClusterBinaries> {
  await ensurePostgresInstalled(log);
  return ensureClusterBinaries(log, env);
}

export async function clusterUp(opts: UpOptions = {}): Promise<UpReport> {
  const started = Date.now();
  const env = opts.env ?? process.env;
  const log = opts.log ?? (() => undefined);
  const bins = requireBinaries(env);
  await ensurePostgresInstalled(log);
  const l = layout(env);
  let config = readClusterConfig(env);
  if (config === undefined) {
    config = await newClusterConfig({ host: opts.host ?? '127.0.0.1', randomPorts: opts.randomPorts ?? false, ...(opts.advertise ? { advertise: opts.advertise } : {}) });
    writeClusterConfig(config, env);
    log(`new cluster in ${l.dir} (frontend ${config.host}:${config.ports.frontend}, UI ${config.ports.ui}, S3 ${config.ports.s3}, PostgreSQL ${config.ports.postgres})`);
  }
  const startedNow: string[] = [];

  const pg = postgresPaths(l.dir);
  if (await initPostgres(pg, l.dir, config)) log(`initialised PostgreSQL in ${pg.data}`);
  if (!(await postgresRunning(pg))) {
    await startPostgres(pg, config);
    startedNow.push('postgres');
  }
  if (await setupSchemas(bins, config, l.dir, log)) log('Temporal schemas set up');

  const s3 = versitygwDaemon({ binary: bins.versitygw, host: config.host, port: config.ports.s3, accessKey: config.s3.accessKey, secretKey: config.s3.secretKey, dataDir: l.s3Data, bucket: config.s3.bucket });
  const server = temporalDaemon(bins, config, l);
  const ui = uiDaemon(bins, config, l);
  const daemons = [s3, server, ui].filter((d) => runningPid(l.run, d.name, d.command) === undefined);
  for (const d of daemons) {
    startDaemon(d, l.run, l.logs);
    startedNow.push(d.name);
  }

  const alive = (d: Daemon) => () => runningPid(l.run, d.name, d.command) !== undefined;
  const address = `${local(config)}:${config.ports.frontend}`;
  const ready = await waitForHealthy({ address, namespace: 'temporal-system', timeoutMs: SERVER_READY_MS, stillRunning: alive(server) });
  if (ready !== 'healthy') throw new Error(`the Temporal server did not become ready (${ready}); its log (${path.join(l.logs, 'temporal-server.log')}) ends:\n${logTail(l.logs, 'temporal-server')}`);
  await ensureNamespace(address, config.namespace, 30);
  const connection = await Connection.connect({ address });
  try {
    const added = await retryWhileNotFound(() => ensureSearchAttributes(connection, config.namespace));
    if (added.length > 0) log(`registered search attributes ${added.join(', ')}`);
  } finally {
    await connection.close();
  }
  for (const [d, port] of [[s3, config.ports.s3], [ui, config.ports.ui]] as const) {
    if (!(await waitForPort(local(config), port, 60_000, alive(d)))) {
      throw new Error(`${d.name} did not start listening on port ${port}; its log ends:\n${logTail(l.logs, d.name)}`);
    }
  }
  return { config, elapsedMs: Date.now() - started, started: startedNow, uiUrl: `http://${config.advertise}:${config.ports.ui}` };
}

/**
 * A namespace registered a moment ago is known to the frontend before the operator service's
 * own namespace cache has it (seen: NOT_FOUND from addSearchAttributes right after register).
 */
async function retryWhileNotFound<T>(fn: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if ((err as { code?: unknown }).code !== 5 || Date.now() > deadline) throw err;
      await sleep(500);
    }
  }
}

function temporalDaemon(bins: ClusterBinaries, config: ClusterConfig, l: Layout): Daemon {
  fs.mkdirSync(l.temporal, { recursive: true, mode: 0o700 });
  const dynamic = path.join(l.temporal, 'dynamicconfig.yaml');
  fs.writeFileSync(dynamic, DYNAMIC_CONFIG);
  const file = path.join(l.temporal, 'config.yaml');
  // Holds the database password: this user only.
  fs.writeFileSync(file, JSON.stringify(serverConfig(config, dynamic), null, 2), { mode: 0o600 });
  return { name: 'temporal-server', command: bins.temporalServer, args: ['--config-file', file, '--allow-no-auth', 'start'], cwd: l.temporal };
}

function uiDaemon(bins: ClusterBinaries, config: ClusterConfig, l: Layout): Daemon {
  fs.mkdirSync(path.join(l.ui, 'config'), { recursive: true });
  fs.writeFileSync(path.join(l.ui, 'config', 'nas.yaml'), uiConfig(config));
  return { name: 'temporal-ui', command: bins.uiServer, args: ['--root', l.ui, '--config', 'config', '--env', 'nas', 'start'], cwd: l.ui };
}

const DAEMON_NAMES = ['temporal-ui', 'temporal-server', 'versitygw'] as const;

export async function clusterDown(opts: { log?: Log; env?: Env } = {}): Promise<string[]> {
  const env = opts.env ?? process.env;
  const l = layout(env);
  const stopped: string[] = [];
  const bins = installedClusterBinaries(env);
  const commands: Record<(typeof DAEMON_NAMES)[number], string | undefined> = { 'temporal-ui': bins?.uiServer, 'temporal-server': bins?.temporalServer, versitygw: bins?.versitygw };
  // The UI and the server first (they hold database connections), the database last.
  for (const name of DAEMON_NAMES) {
    if (await stopDaemon(l.run, name, commands[name] ?? name)) stopped.push(name);
  }
  if (readClusterConfig(env) !== undefined && (await stopPostgres(postgresPaths(l.dir)))) stopped.push('postgres');
  return stopped;
}

export interface ServiceStatus {
  name: string;
  running: boolean;
  pid?: number;
  address?: string;
  log: string;
}

export interface ClusterStatus {
  configured: boolean;
  dir: string;
  services: ServiceStatus[];
  env?: Record<string, string>;
  uiUrl?: string;
}

export async function clusterStatus(env: Env = process.env): Promise<ClusterStatus> {
  const l = layout(env);
  const config = readClusterConfig(env);
  if (config === undefined) return { configured: false, dir: l.dir, services: [] };
  const bins = installedClusterBinaries(env);
  const pg = postgresPaths(l.dir);
  const h = local(config);
  const services: ServiceStatus[] = [{ name: 'postgres', running: await postgresRunning(pg), address: `${h}:${config.ports.postgres}`, log: pg.log }];
  const entries: [string, string | undefined, number][] = [
    ['temporal-server', bins?.temporalServer, config.ports.frontend],
    ['temporal-ui', bins?.uiServer, config.ports.ui],
    ['versitygw', bins?.versitygw, config.ports.s3],
  ];
  for (const [name, command, port] of entries) {
    const pid = command === undefined ? undefined : runningPid(l.run, name, command);
    services.push({ name, running: pid !== undefined && isProcessAlive(pid), ...(pid !== undefined ? { pid } : {}), address: `${h}:${port}`, log: path.join(l.logs, `${name}.log`) });
  }
  return { configured: true, dir: l.dir, services, env: workerEnv(config), uiUrl: `http://${config.advertise}:${config.ports.ui}` };
}

/** `export NAME=value` lines for a shell (values are URL-safe, so no quoting is needed). */
export function formatEnv(vars: Record<string, string>): string {
  return Object.entries(vars).map(([k, v]) => `export ${k}=${v}`).join('\n');
}
