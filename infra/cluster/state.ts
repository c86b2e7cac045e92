// A cluster's settings, generated once by the first `nas cluster up` and kept in
// <NAS_HOME>/cluster/cluster.json: ports, generated credentials and data folders. Reusing
// them keeps the environment printed for remote workers valid across restarts.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nasHome } from '../paths';
import { isPortFree } from '../temporal/ports';

type Env = Readonly<Record<string, string | undefined>>;

/** Every port a cluster listens on. The first six are documented in infra/README.md. */
export const PORT_NAMES = [
  'postgres', 'frontend', 'ui', 's3',
  'frontendHttp', 'history', 'matching', 'worker',
  'frontendMembership', 'historyMembership', 'matchingMembership', 'workerMembership',
] as const;
export type PortName = (typeof PORT_NAMES)[number];

/** Defaults: one block of ports next to the dev server's 7233, so both can run on one machine. */
export const DEFAULT_PORTS: Record<PortName, number> = {
  postgres: 7932, frontend: 7933, ui: 8933, s3: 7970,
  frontendHttp: 7943, history: 7934, matching: 7935, worker: 7939,
  frontendMembership: 6933, historyMembership: 6934, matchingMembership: 6935, workerMembership: 6939,
};

export interface ClusterConfig {
  version: 1;
  /** Address the services bind to (127.0.0.1 unless `--host` said otherwise). */
  host: string;
  /** Host name remote workers use to reach this machine (printed by `nas cluster env`). */
  advertise: string;
  ports: Record<PortName, number>;
  postgres: { user: string; password: string };
  s3: { accessKey: string; secretKey: string; bucket: string; prefix: string; region: string };
  namespace: string;
}

export function clusterDir(env: Env = process.env): string {
  return path.join(nasHome(env), 'cluster');
}

export function configPath(env: Env = process.env): string {
  return path.join(clusterDir(env), 'cluster.json');
}

export function readClusterConfig(env: Env = process.env): ClusterConfig | undefined {
  try {
    return JSON.parse(fs.readFileSync(configPath(env), 'utf8')) as ClusterConfig;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`${configPath(env)} cannot be read (${(err as Error).message}); move it away to generate a new cluster`);
  }
}

export interface NewClusterOptions {
  host: string;
  advertise?: string;
  /** Take any free ports instead of the defaults (tests; several clusters on one machine). */
  randomPorts: boolean;
}

/**
 * A free port under 32768. Temporal stores membership ports in a PostgreSQL smallint, so the
 * OS's ephemeral range (32768 and up, what port 0 gives) makes the server fail at start.
 */
async function freePortBelow32k(host: string, taken: Set<number>): Promise<number> {
  for (let i = 0; i < 500; i++) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (!taken.has(port) && (await isPortFree(host, port))) return port;
  }
  throw new Error(`found no free port between 20000 and 32000 on ${host}`);
}

/** Ports are checked free now; credentials are random (URL-safe, so they print and paste cleanly). */
export async function newClusterConfig(opts: NewClusterOptions): Promise<ClusterConfig> {
  const ports = {} as Record<PortName, number>;
  const taken = new Set<number>();
  for (const name of PORT_NAMES) {
    let port = DEFAULT_PORTS[name];
    if (opts.randomPorts || !(await isPortFree(opts.host, port))) port = await freePortBelow32k(opts.host, taken);
    taken.add(port);
    ports[name] = port;
  }
  const secret = (bytes: number) => randomBytes(bytes).toString('base64url');
  return {
    version: 1,
    host: opts.host,
    advertise: opts.advertise ?? (opts.host === '0.0.0.0' ? (await import('node:os')).hostname() : opts.host),
    ports,
    postgres: { user: 'temporal', password: secret(18) },
    s3: { accessKey: `nas${secret(9)}`, secretKey: secret(30), bucket: 'nas', prefix: 'artifacts', region: 'us-east-1' },
    namespace: 'default',
  };
}

export function writeClusterConfig(config: ClusterConfig, env: Env = process.env): void {
  fs.mkdirSync(clusterDir(env), { recursive: true, mode: 0o700 });
  // Credentials inside: readable by this user only.
  fs.writeFileSync(configPath(env), JSON.stringify(config, null, 2), { mode: 0o600 });
}

/** The environment a worker on another machine needs (what `nas cluster env` prints). */
export function workerEnv(config: ClusterConfig): Record<string, string> {
  return {
    TEMPORAL_ADDRESS: `${config.advertise}:${config.ports.frontend}`,
    TEMPORAL_NAMESPACE: config.namespace,
    NAS_ARTIFACTS: `s3://${config.s3.bucket}/${config.s3.prefix}`,
    AWS_ENDPOINT_URL: `http://${config.advertise}:${config.ports.s3}`,
    AWS_ACCESS_KEY_ID: config.s3.accessKey,
    AWS_SECRET_ACCESS_KEY: config.s3.secretKey,
    AWS_REGION: config.s3.region,
  };
}
