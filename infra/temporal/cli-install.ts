// Provides a Temporal CLI binary (which embeds the dev server) without relying on
// a GitHub download: we build the pinned release from source through the Go module
// proxy, once per machine, and reuse it from the user cache afterwards.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { userCacheDir } from '../paths';
import { withFileLock } from './file-lock';

/** Pinned so every developer and CI machine runs the same server version. */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';
/** A cold build (module download + compile) takes minutes on 2 cores; waiters must outlast it. */
const BUILD_LOCK_TIMEOUT_MS = 30 * 60_000;
const PROGRESS_EVERY_MS = 10_000;

export interface EnsureCliOptions {
  /** Receives human-readable progress lines; defaults to stderr. */
  log?: (line: string) => void;
  /** Environment to read settings from; defaults to process.env. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** Directory the pinned CLI is cached in for this user. */
export function temporalCliCacheDir(env: EnsureCliOptions['env'] = process.env): string {
  return path.join(userCacheDir(env), 'nas', 'temporal-cli', TEMPORAL_CLI_VERSION);
}

/**
 * Path of a runnable Temporal CLI: `$TEMPORAL_CLI_PATH` if set, else the cached
 * build, building it with `go install` first if this machine has none yet.
 */
export async function ensureTemporalCli(opts: EnsureCliOptions = {}): Promise<string> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));

  const override = env.TEMPORAL_CLI_PATH?.trim();
  if (override) {
    if (!isExecutable(override)) {
      throw new Error(`TEMPORAL_CLI_PATH=${override} does not point at an executable file.`);
    }
    return override;
  }

  const dir = temporalCliCacheDir(env);
  const binary = path.join(dir, 'temporal');
  if (isExecutable(binary)) return binary;

  return withFileLock(
    path.join(dir, '.build.lock'),
    {
      timeoutMs: BUILD_LOCK_TIMEOUT_MS,
      onWait: (pid) => log(`Waiting for another process (pid ${pid}) that is building the Temporal CLI...`),
    },
    async () => {
      // The previous holder may have finished the build while we waited.
      if (isExecutable(binary)) return binary;
      await buildCli(dir, binary, log, env);
      return binary;
    },
  );
}

/**
 * Builds into a private staging GOBIN and renames into place, so an interrupted
 * build never leaves a truncated `temporal` that later runs would trust.
 */
async function buildCli(
  dir: string,
  binary: string,
  log: (line: string) => void,
  env: Readonly<Record<string, string | undefined>>,
): Promise<void> {
  const staging = path.join(dir, `.staging-${process.pid}`);
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  log(
    `Temporal CLI ${TEMPORAL_CLI_VERSION} not found in ${dir}; building it with 'go install' ` +
      '(one-time, usually 1-5 minutes)...',
  );
  try {
    await runGoInstall(staging, log, env);
    const built = path.join(staging, 'temporal');
    if (!isExecutable(built)) throw new Error(`go install finished but produced no binary at ${built}`);
    fs.renameSync(built, binary);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  log(`Temporal CLI ready: ${binary}`);
}

function runGoInstall(
  gobin: string,
  log: (line: string) => void,
  env: Readonly<Record<string, string | undefined>>,
): Promise<void> {
  const started = Date.now();
  // go -v prints one package path per compiled package (thousands); we only count
  // them and keep a short tail to show if the build fails.
  let compiled = 0;
  let downloaded = 0;
  const tail: string[] = [];
  const elapsed = () => `${Math.round((Date.now() - started) / 1000)}s`;
  const progress = () => `${downloaded} modules downloaded, ${compiled} packages compiled, ${elapsed()} elapsed`;

  return new Promise<void>((resolve, reject) => {
    const child = spawn('go', ['install', '-v', `${CLI_MODULE}@${TEMPORAL_CLI_VERSION}`], {
      env: { ...env, CGO_ENABLED: '0', GOBIN: gobin },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setInterval(() => log(`  building Temporal CLI: ${progress()}`), PROGRESS_EVERY_MS);
    let pending = '';
    const onData = (chunk: Buffer) => {
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) countLine(line);
    };
    const countLine = (line: string) => {
      if (line.length === 0) return;
      if (line.startsWith('go: downloading ')) downloaded++;
      else if (!line.startsWith('go: ') && !line.startsWith('#') && !line.startsWith('\t')) compiled++;
      tail.push(line);
      if (tail.length > 40) tail.shift();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearInterval(timer);
      reject(err.code === 'ENOENT' ? goMissingError() : err);
    });
    child.on('close', (code, signal) => {
      clearInterval(timer);
      countLine(pending);
      if (code === 0) {
        log(`  built Temporal CLI: ${progress()}`);
        resolve();
      } else {
        reject(
          new Error(
            `'go install ${CLI_MODULE}@${TEMPORAL_CLI_VERSION}' failed (${signal ?? `exit ${code}`}) ` +
              `after ${elapsed()}. Last output:\n${tail.join('\n')}`,
          ),
        );
      }
    });
  });
}

function goMissingError(): Error {
  return new Error(
    'The Temporal CLI is not installed and the Go toolchain (`go`) is not on PATH to build it. Either:\n' +
      '  - install Go 1.25 or newer (https://go.dev/dl/; its go.mod requires 1.25) and rerun; the CLI is then built once and cached, or\n' +
      '  - set TEMPORAL_CLI_PATH to an existing `temporal` binary (https://docs.temporal.io/cli), or\n' +
      '  - set TEMPORAL_ADDRESS (e.g. my-cluster:7233) to use an existing Temporal cluster instead of a local dev server.',
  );
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
