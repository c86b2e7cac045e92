// Temporal's production server on the cluster's PostgreSQL: the schemas (set up and upgraded
// with the pinned temporal-sql-tool, from the schemas it embeds), the server's config file
// (all services in one process, each on its own port), and the UI server's config.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { ClusterBinaries } from './binaries';
import { TEMPORAL_SERVER_VERSION } from './binaries';
import type { ClusterConfig } from './state';

const run = promisify(execFile);

export const DATABASES = [
  { name: 'temporal', schema: 'postgresql/v12/temporal' },
  { name: 'temporal_visibility', schema: 'postgresql/v12/visibility' },
] as const;

async function sqlTool(bins: ClusterBinaries, config: ClusterConfig, db: string, args: string[]): Promise<void> {
  const common = ['--plugin', 'postgres12', '--ep', config.host === '0.0.0.0' ? '127.0.0.1' : config.host, '-p', String(config.ports.postgres), '-u', config.postgres.user, '--db', db];
  try {
    // The password goes through the environment, not the command line (visible in ps).
    await run(bins.sqlTool, [...common, ...args], { env: { ...process.env, SQL_PASSWORD: config.postgres.password }, maxBuffer: 16 << 20 });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string };
    throw new Error(`temporal-sql-tool ${args[0]} (${db}) failed: ${(e.stderr || e.stdout || String(err)).trim().split('\n').slice(-6).join('\n')}`);
  }
}

/**
 * Creates both databases and brings their schemas to what this server version needs. Done
 * once per version (a marker file remembers it), so a warm `cluster up` skips it.
 */
export async function setupSchemas(bins: ClusterBinaries, config: ClusterConfig, clusterDir: string, log: (line: string) => void): Promise<boolean> {
  const marker = path.join(clusterDir, `schema-${TEMPORAL_SERVER_VERSION}.done`);
  if (fs.existsSync(marker)) return false;
  for (const { name, schema } of DATABASES) {
    log(`  schema ${schema} in database ${name}`);
    // create-database fails if it exists (a run interrupted after it): that is fine.
    await sqlTool(bins, config, name, ['create-database']).catch((err: Error) => {
      if (!/already exists/.test(err.message)) throw err;
    });
    await sqlTool(bins, config, name, ['setup-schema', '-v', '0.0']);
    await sqlTool(bins, config, name, ['update-schema', '--schema-name', schema]);
  }
  fs.writeFileSync(marker, new Date().toISOString());
  return true;
}

/** The server's config file (YAML is a superset of JSON, so it is written as JSON). */
export function serverConfig(config: ClusterConfig, dynamicConfigPath: string): object {
  const p = config.ports;
  const db = (name: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName: name,
      connectAddr: `${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${p.postgres}`,
      connectProtocol: 'tcp',
      user: config.postgres.user,
      password: config.postgres.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const rpc = (grpcPort: number, membershipPort: number, extra: object = {}) => ({ rpc: { grpcPort, membershipPort, bindOnIP: config.host, ...extra } });
  return {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'default',
      visibilityStore: 'visibility',
      numHistoryShards: 4,
      datastores: { default: db('temporal', 20), visibility: db('temporal_visibility', 10) },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: config.host === '0.0.0.0' ? '127.0.0.1' : config.host },
    },
    services: {
      frontend: rpc(p.frontend, p.frontendMembership, { httpPort: p.frontendHttp }),
      history: rpc(p.history, p.historyMembership),
      matching: rpc(p.matching, p.matchingMembership),
      worker: rpc(p.worker, p.workerMembership),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: { active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `127.0.0.1:${p.frontend}` } },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: dynamicConfigPath, pollInterval: '10s' },
  };
}

/** Dynamic config: search attributes visible at once after registration, as on the dev server. */
export const DYNAMIC_CONFIG = `system.forceSearchAttributesCacheRefreshOnRead:
  - value: true
    constraints: {}
`;

/** The Web UI server's config (ui-server reads <root>/config/<env>.yaml). */
export function uiConfig(config: ClusterConfig): string {
  const frontendHost = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  return [
    `temporalGrpcAddress: ${frontendHost}:${config.ports.frontend}`,
    `host: ${config.host}`,
    `port: ${config.ports.ui}`,
    'enableUi: true',
    `defaultNamespace: ${config.namespace}`,
    'notifyOnNewVersion: false',
    'refreshInterval: 1m',
    'cors:',
    '  cookieInsecure: true',
    '  unsafeAllowAllOrigins: false',
    'hideLogs: true',
    '',
  ].join('\n');
}
