// Workers that `nas search --detach` starts in the background are recorded under NAS_HOME, so
// `nas server stop` can stop them along with the server instead of leaving them behind.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nasHome } from '../infra/paths';
import { isProcessAlive } from '../infra/temporal/process-util';

function recordsDir(): string {
  return join(nasHome(), 'workers');
}

export function recordBackgroundWorker(pid: number, logFile: string): void {
  mkdirSync(recordsDir(), { recursive: true });
  writeFileSync(join(recordsDir(), `${pid}.json`), JSON.stringify({ pid, logFile, startedAt: new Date().toISOString() }));
}

/** Sends SIGTERM (a graceful shutdown) to every recorded worker still alive; returns their pids. */
export function stopBackgroundWorkers(): number[] {
  let names: string[];
  try {
    names = readdirSync(recordsDir());
  } catch {
    return [];
  }
  const stopped: number[] = [];
  for (const name of names) {
    const pid = Number(name.replace(/\.json$/, ''));
    if (Number.isInteger(pid) && pid > 0 && isProcessAlive(pid)) {
      try {
        process.kill(pid, 'SIGTERM');
        stopped.push(pid);
      } catch {
        // Exited in between.
      }
    }
    rmSync(join(recordsDir(), name), { force: true });
  }
  return stopped;
}
