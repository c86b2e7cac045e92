// One place that decides which Temporal server NAS talks to and how: an external
// cluster named by TEMPORAL_ADDRESS (used as-is, never started), or the embedded
// dev server we manage under NAS_HOME.
import { Client, Connection } from '@temporalio/client';
import { probeTcp } from './probe';
import type { NativeConnection } from '@temporalio/worker';
import { nasHome } from '../paths';
import { ensureTemporalCli } from './cli-install';
import { DEFAULT_PORT, startDevServer } from './dev-server';
import { liveServerRecord } from './dev-server-state';
import { temporalSettings, tlsConfig, TemporalSettings } from './settings';

export { temporalSettings, tlsConfig } from './settings';
export type { TemporalSettings, TemporalTlsSettings } from './settings';

export interface ConnectOptions {
  /** Override the server address (e.g. the one ensureServer returned). */
  address?: string;
  /** Defaults to temporalSettings() of process.env. */
  settings?: TemporalSettings;
  /** NAS home holding the embedded server's record; defaults to nasHome(). */
  dataDir?: string;
}

/**
 * Where to connect and with which credentials. TLS and the API key belong to the
 * external cluster: when TEMPORAL_ADDRESS is unset we talk to our own plaintext
 * loopback dev server, whose address comes from its server.json if it is running.
 */
export function resolveConnection(opts: ConnectOptions = {}): {
  address: string;
  namespace: string;
  tls: ReturnType<typeof tlsConfig>;
  apiKey?: string;
} {
  const settings = opts.settings ?? temporalSettings();
  const namespace = settings.namespace;
  if (settings.address !== undefined) {
    const resolved = { address: opts.address ?? settings.address, namespace, tls: tlsConfig(settings) };
    return settings.apiKey !== undefined ? { ...resolved, apiKey: settings.apiKey } : resolved;
  }
  const embedded = liveServerRecord(opts.dataDir ?? nasHome())?.address;
  return { address: opts.address ?? embedded ?? `127.0.0.1:${DEFAULT_PORT}`, namespace, tls: false };
}

/** A TCP connect to a Temporal frontend answers within milliseconds; a silent address is given this long. */
const PROBE_TIMEOUT_MS = 3_000;
/** Deadline of the gRPC handshake once something accepted the TCP connection. */
const CONNECT_TIMEOUT_MS = 5_000;

/** A workflow Client (plus its Connection, which the caller must close()). */
export async function connectClient(opts: ConnectOptions = {}): Promise<{ client: Client; connection: Connection }> {
  const { address, namespace, tls, apiKey } = resolveConnection(opts);
  // gRPC retries a refused or unresolvable address until its deadline (10 s): one plain TCP
  // connect answers that at once. Something listening that is not Temporal still takes the
  // (shortened) gRPC deadline.
  await probeTcp(address, PROBE_TIMEOUT_MS);
  const connection = Connection.lazy({ address, tls, connectTimeout: CONNECT_TIMEOUT_MS, ...(apiKey !== undefined ? { apiKey } : {}) });
  try {
    await connection.ensureConnected();
  } catch (err) {
    // Connection.connect() would leak the channel on failure and keep a failing CLI from exiting.
    await connection.close().catch(() => undefined);
    throw new Error(`Cannot reach Temporal at ${address} (namespace ${namespace}): ${(err as Error).message}`, {
      cause: err,
    });
  }
  return { client: new Client({ connection, namespace }), connection };
}

/** A NativeConnection for Workers, configured exactly like connectClient(). */
export async function connectWorkerConnection(opts: ConnectOptions = {}): Promise<NativeConnection> {
  const { address, tls, apiKey } = resolveConnection(opts);
  // Loaded lazily: @temporalio/worker pulls in the native core bridge, which
  // client-only processes (the `nas` CLI) have no reason to load.
  const { NativeConnection: Native } = require('@temporalio/worker') as typeof import('@temporalio/worker');
  return Native.connect({ address, tls, ...(apiKey !== undefined ? { apiKey } : {}) });
}

export interface ServerEndpoint {
  address: string;
  namespace: string;
  /** Web UI base URL; unknown (undefined) for external clusters. */
  uiUrl?: string;
  /** True if this is the dev server NAS manages (started now or earlier). */
  embedded: boolean;
  /** For the embedded server: it was running already and was reused, not started. */
  alreadyRunning?: boolean;
}

export interface EnsureServerOptions {
  dataDir?: string;
  port?: number;
  uiPort?: number;
  readyTimeoutMs?: number;
  log?: (line: string) => void;
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Make sure a server is reachable: with TEMPORAL_ADDRESS set, trust it and start
 * nothing; otherwise provide the CLI and start (or reuse) the embedded dev server.
 */
export async function ensureServer(opts: EnsureServerOptions = {}): Promise<ServerEndpoint> {
  const env = opts.env ?? process.env;
  const settings = temporalSettings(env);
  if (settings.address !== undefined) {
    return { address: settings.address, namespace: settings.namespace, embedded: false };
  }
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const cliPath = await ensureTemporalCli({ log, env });
  const info = await startDevServer({
    dataDir: opts.dataDir ?? nasHome(env),
    namespace: settings.namespace,
    cliPath,
    log,
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    ...(opts.uiPort !== undefined ? { uiPort: opts.uiPort } : {}),
    ...(opts.readyTimeoutMs !== undefined ? { readyTimeoutMs: opts.readyTimeoutMs } : {}),
  });
  return { address: info.address, namespace: settings.namespace, uiUrl: info.uiUrl, embedded: true, alreadyRunning: info.alreadyRunning };
}

/** Deep link to one workflow in the Web UI, e.g. http://127.0.0.1:8233/namespaces/default/workflows/<id>. */
export function workflowUiUrl(uiBase: string, namespace: string, workflowId: string, runId?: string): string {
  const base = `${uiBase.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  return runId === undefined ? base : `${base}/${encodeURIComponent(runId)}`;
}
