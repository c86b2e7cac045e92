// Workers that `nas search --detach` starts in the background are recorded under NAS_HOME, so
// `nas server stop` can stop them along with the server instead of leaving them behind.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nasHome } from '../infra/paths';
import { isProcessAlive, processArgv } from '../infra/temporal/process-util';
import type { WorkerRole } from '../workers/nas-worker';

/** What a recorded worker serves, so a later `nas search --detach` can count on it. */
export interface WorkerService {
  address: string;
  namespace: string;
  roles: WorkerRole[];
  trainingTaskQueue: string;
}

interface WorkerRecord extends Partial<WorkerService> {
  pid: number;
  logFile: string;
  startedAt: string;
}

function recordsDir(): string {
  return join(nasHome(), 'workers');
}

export function recordBackgroundWorker(pid: number, logFile: string, service?: WorkerService): void {
  mkdirSync(recordsDir(), { recursive: true });
  const record: WorkerRecord = { pid, logFile, startedAt: new Date().toISOString(), ...service };
  writeFileSync(join(recordsDir(), `${pid}.json`), JSON.stringify(record));
}

/**
 * Roles that background workers started earlier still serve for this server and training
 * queue. An idle worker long-polls and may not show as a fresh poller on the server, but its
 * process is alive here: counting it keeps `--detach` from starting a second one.
 */
export function rolesServedByBackgroundWorkers(service: Omit<WorkerService, 'roles'>): Set<WorkerRole> {
  const served = new Set<WorkerRole>();
  let names: string[];
  try {
    names = readdirSync(recordsDir());
  } catch {
    return served;
  }
  for (const name of names) {
    let record: WorkerRecord;
    try {
      record = JSON.parse(readFileSync(join(recordsDir(), name), 'utf8')) as WorkerRecord;
    } catch {
      continue;
    }
    if (!isProcessAlive(record.pid) || !isOurWorker(record.pid)) continue;
    if (record.address !== service.address || record.namespace !== service.namespace || record.roles === undefined) continue;
    for (const role of record.roles) {
      // The workflow role is independent of the training queue; the training role is not.
      if (role === 'workflows' || record.trainingTaskQueue === service.trainingTaskQueue) served.add(role);
    }
  }
  return served;
}

/** A recorded pid may have been recycled (after a reboot): it must still be a `nas worker`. */
function isOurWorker(pid: number): boolean {
  const argv = processArgv(pid);
  return argv === undefined || argv.includes('worker');
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
