// Builds pinned Go programs from the Go module proxy, once per machine, like the Temporal CLI
// (infra/temporal/cli-install.ts): `CGO_ENABLED=0 go install` into a private staging GOBIN,
// then a rename into the user cache, so an interrupted build never leaves a truncated binary
// that later runs would trust. The Go build cache makes a second build (or one after a
// `go install` of the same modules with the same settings) mostly a link.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { withFileLock } from '../temporal/file-lock';

/** One `go install` invocation: packages built together share their dependencies' compilation. */
export interface GoBuild {
  /** For messages, e.g. "Temporal server v1.32.1". */
  label: string;
  /** Folder the binaries are cached in (versioned). */
  dir: string;
  /** package@version -> the name the binary gets in `dir` (go names it after the package's last element). */
  packages: { module: string; version: string; binary: string }[];
}

type Env = Readonly<Record<string, string | undefined>>;

/** A cold build takes tens of minutes on 2 cores; waiters must outlast it. */
const BUILD_LOCK_TIMEOUT_MS = 90 * 60_000;
const PROGRESS_EVERY_MS = 15_000;

export function binaryPaths(build: GoBuild): string[] {
  return build.packages.map((p) => path.join(build.dir, p.binary));
}

export function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Builds what is missing of `build` (under a lock, so concurrent callers build once). */
export async function ensureGoBuild(build: GoBuild, log: (line: string) => void, env: Env = process.env): Promise<string[]> {
  const wanted = binaryPaths(build);
  if (wanted.every(isExecutable)) return wanted;
  return withFileLock(
    path.join(build.dir, '.build.lock'),
    { timeoutMs: BUILD_LOCK_TIMEOUT_MS, onWait: (pid) => log(`Waiting for another process (pid ${pid}) that is building ${build.label}...`) },
    async () => {
      if (wanted.every(isExecutable)) return wanted;
      const staging = path.join(build.dir, `.staging-${process.pid}`);
      fs.rmSync(staging, { recursive: true, force: true });
      fs.mkdirSync(staging, { recursive: true });
      log(`${build.label} not found in ${build.dir}; building it with 'go install' (one-time; a cold build takes 10-40 minutes on 2 cores)...`);
      try {
        await runGoInstall(build, staging, log, env);
        for (const p of build.packages) {
          const produced = path.join(staging, path.basename(p.module));
          if (!isExecutable(produced)) throw new Error(`go install finished but produced no binary at ${produced}`);
          fs.renameSync(produced, path.join(build.dir, p.binary));
        }
      } finally {
        fs.rmSync(staging, { recursive: true, force: true });
      }
      log(`${build.label} ready in ${build.dir}`);
      return wanted;
    },
  );
}

function runGoInstall(build: GoBuild, gobin: string, log: (line: string) => void, env: Env): Promise<void> {
  const started = Date.now();
  // go -v prints one package path per compiled package (thousands); we count them and keep
  // a short tail to show if the build fails.
  let compiled = 0;
  let downloaded = 0;
  const tail: string[] = [];
  const elapsed = () => `${Math.round((Date.now() - started) / 1000)}s`;
  const progress = () => `${downloaded} modules downloaded, ${compiled} packages compiled, ${elapsed()} elapsed`;
  const targets = build.packages.map((p) => `${p.module}@${p.version}`);
  return new Promise<void>((resolve, reject) => {
    const child = spawn('go', ['install', '-v', ...targets], {
      env: { ...env, CGO_ENABLED: '0', GOBIN: gobin },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setInterval(() => log(`  building ${build.label}: ${progress()}`), PROGRESS_EVERY_MS);
    let pending = '';
    const countLine = (line: string) => {
      if (line.length === 0) return;
      if (line.startsWith('go: downloading ')) downloaded++;
      else if (!line.startsWith('go: ') && !line.startsWith('#') && !line.startsWith('\t')) compiled++;
      tail.push(line);
      if (tail.length > 40) tail.shift();
    };
    const onData = (chunk: Buffer) => {
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(countLine);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearInterval(timer);
      reject(err.code === 'ENOENT' ? new Error(`building ${build.label} needs the Go toolchain (go 1.25 or newer, https://go.dev/dl/) on PATH`) : err);
    });
    child.on('close', (code, signal) => {
      clearInterval(timer);
      countLine(pending);
      if (code === 0) {
        log(`  built ${build.label}: ${progress()}`);
        resolve();
      } else {
        reject(new Error(`'go install ${targets.join(' ')}' failed (${signal ?? `exit ${code}`}) after ${elapsed()}. Last output:\n${tail.join('\n')}`));
      }
    });
  });
}
