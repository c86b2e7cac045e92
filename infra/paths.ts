// Where NAS keeps per-user state on disk. Everything that outlives one process
// (Temporal's SQLite file, server logs, trained artifacts) hangs off one root so
// that `rm -rf ~/.nas` is a complete reset and tests can redirect it with NAS_HOME.
import * as os from 'node:os';
import * as path from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

/** Root of all NAS state: `$NAS_HOME`, else `~/.nas`. */
export function nasHome(env: Env = process.env): string {
  const fromEnv = env.NAS_HOME?.trim();
  return fromEnv ? path.resolve(fromEnv) : path.join(os.homedir(), '.nas');
}

/**
 * The artifact store's location (checkpoints and per-trial logs): `$NAS_ARTIFACTS`, else
 * `<nasHome>/artifacts`. A folder, or a store URL such as s3://bucket/prefix (store/open.ts).
 */
export function artifactsDir(env: Env = process.env): string {
  const fromEnv = env.NAS_ARTIFACTS?.trim();
  if (fromEnv && /^[a-z][a-z0-9+.-]*:\/\//i.test(fromEnv)) return fromEnv;
  return fromEnv ? path.resolve(fromEnv) : path.join(nasHome(env), 'artifacts');
}

/** Log files of processes we run in the background (dev server, workers). */
export function logsDir(env: Env = process.env): string {
  return path.join(nasHome(env), 'logs');
}

/**
 * Per-machine build cache (`$XDG_CACHE_HOME`, else `~/.cache`) for things that are
 * expensive to produce but safe to share between NAS homes, like the Temporal CLI.
 */
export function userCacheDir(env: Env = process.env): string {
  const fromEnv = env.XDG_CACHE_HOME?.trim();
  // XDG says relative values are invalid and must be ignored.
  return fromEnv && path.isAbsolute(fromEnv) ? fromEnv : path.join(os.homedir(), '.cache');
}
