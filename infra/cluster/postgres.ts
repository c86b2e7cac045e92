// The cluster's private PostgreSQL 15: its own data folder (initdb), its own port, TCP on the
// cluster's host only, password (SCRAM) authentication for the one role Temporal uses.
// PostgreSQL refuses to run as root; when we are root the server runs as the `postgres` user
// (which Debian's package creates) and its data lives under /var/lib/postgresql/nas/, which
// that user can reach (a NAS_HOME under /root cannot be), linked from NAS_HOME.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { ClusterConfig } from './state';

const run = promisify(execFile);
const PG_MAJOR = '15';
const PG_BIN = `/usr/lib/postgresql/${PG_MAJOR}/bin`;

export interface PostgresPaths {
  /** Holds data/ and postgres.log; owned by the user the server runs as. */
  root: string;
  data: string;
  log: string;
}

const asRoot = (): boolean => process.getuid?.() === 0;

export function postgresPaths(clusterDir: string): PostgresPaths {
  let root = path.join(clusterDir, 'postgres');
  if (asRoot()) {
    const tag = createHash('sha256').update(path.resolve(clusterDir)).digest('hex').slice(0, 12);
    root = path.join('/var/lib/postgresql/nas', tag);
  }
  return { root, data: path.join(root, 'data'), log: path.join(root, 'postgres.log') };
}

/** Runs a PostgreSQL program, as the postgres user when we are root. */
async function pg(program: string, args: string[]): Promise<string> {
  const file = path.join(PG_BIN, program);
  const [cmd, argv] = asRoot() ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  try {
    const { stdout } = await run(cmd, argv, { maxBuffer: 8 << 20 });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; code?: number | string };
    throw new Error(`${program} ${args.join(' ')} failed (${e.code}): ${(e.stderr || e.stdout || String(err)).trim().split('\n').slice(-8).join('\n')}`);
  }
}

/** Installs Debian's postgresql-15 if its programs are missing (needs root and apt). */
export async function ensurePostgresInstalled(log: (line: string) => void): Promise<void> {
  if (fs.existsSync(path.join(PG_BIN, 'postgres'))) return;
  if (!asRoot()) {
    throw new Error(`PostgreSQL ${PG_MAJOR} is not installed (${PG_BIN} is missing); install it with: sudo apt-get install -y postgresql-${PG_MAJOR}`);
  }
  log(`PostgreSQL ${PG_MAJOR} is missing; installing it with apt-get (postgresql-${PG_MAJOR})...`);
  await run('apt-get', ['update', '-qq'], { maxBuffer: 64 << 20 });
  await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', `postgresql-${PG_MAJOR}`], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    maxBuffer: 64 << 20,
  });
}

function chownToPostgres(target: string): void {
  if (!asRoot()) return;
  const uid = Number(fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'))?.split(':')[2]);
  if (!Number.isInteger(uid)) throw new Error('running as root, but there is no postgres user to run PostgreSQL as (apt-get install postgresql-15 creates it)');
  const gid = Number(fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'))?.split(':')[3]);
  fs.chownSync(target, uid, gid);
}

/** initdb once: superuser = Temporal's role, with the generated password, SCRAM over TCP. */
export async function initPostgres(paths: PostgresPaths, clusterDir: string, config: ClusterConfig): Promise<boolean> {
  if (fs.existsSync(path.join(paths.data, 'PG_VERSION'))) return false;
  // The parents must be traversable by the server's user; the folder itself is private to it.
  fs.mkdirSync(path.dirname(paths.root), { recursive: true, mode: 0o755 });
  fs.mkdirSync(paths.root, { recursive: true, mode: 0o700 });
  chownToPostgres(paths.root);
  if (paths.root !== path.join(clusterDir, 'postgres')) {
    fs.rmSync(path.join(clusterDir, 'postgres'), { force: true });
    fs.symlinkSync(paths.root, path.join(clusterDir, 'postgres'));
  }
  const pwfile = path.join(paths.root, '.pw');
  fs.writeFileSync(pwfile, config.postgres.password, { mode: 0o600 });
  chownToPostgres(pwfile);
  try {
    await pg('initdb', ['-D', paths.data, '-U', config.postgres.user, `--pwfile=${pwfile}`, '--auth-host=scram-sha-256', '--auth-local=scram-sha-256', '-E', 'UTF8', '--locale=C']);
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
  return true;
}

export async function postgresRunning(paths: PostgresPaths): Promise<boolean> {
  if (!fs.existsSync(path.join(paths.data, 'PG_VERSION'))) return false;
  try {
    await pg('pg_ctl', ['-D', paths.data, 'status']);
    return true;
  } catch {
    return false;
  }
}

/** Starts the server and waits until it accepts connections (pg_ctl -w). */
export async function startPostgres(paths: PostgresPaths, config: ClusterConfig): Promise<void> {
  if (await postgresRunning(paths)) return;
  // No Unix socket: its default folder is the system one, and TCP on our port is all we use.
  const options = `-c listen_addresses=${config.host} -p ${config.ports.postgres} -c unix_socket_directories='' -c max_connections=100`;
  await pg('pg_ctl', ['-D', paths.data, '-l', paths.log, '-w', '-t', '120', '-o', options, 'start']);
}

export async function stopPostgres(paths: PostgresPaths): Promise<boolean> {
  if (!(await postgresRunning(paths))) return false;
  await pg('pg_ctl', ['-D', paths.data, '-m', 'fast', '-w', 'stop']);
  return true;
}
