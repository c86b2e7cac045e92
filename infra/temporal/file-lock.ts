// Cross-process mutual exclusion through an O_EXCL lock file holding the owner's pid.
// Used so that two `nas` commands started at once neither build the Temporal CLI
// twice nor spawn two dev servers on the same data directory.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isProcessAlive, sleep } from './process-util';

export interface FileLockOptions {
  /** Give up waiting for another holder after this long. */
  timeoutMs: number;
  /** Called once when we first find the lock held by another live process. */
  onWait?: (holderPid: number) => void;
  pollMs?: number;
}

/** Run `fn` while holding the lock at `lockPath`; the lock is released even if `fn` throws. */
export async function withFileLock<T>(lockPath: string, opts: FileLockOptions, fn: () => Promise<T>): Promise<T> {
  await acquire(lockPath, opts);
  try {
    return await fn();
  } finally {
    release(lockPath);
  }
}

async function acquire(lockPath: string, opts: FileLockOptions): Promise<void> {
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  const deadline = Date.now() + opts.timeoutMs;
  let reportedWait = false;
  for (;;) {
    try {
      const fd = fs.openSync(lockPath, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readHolder(lockPath);
    if (holder !== undefined && !isProcessAlive(holder)) {
      breakStaleLock(lockPath, holder);
      continue;
    }
    if (holder !== undefined && !reportedWait) {
      reportedWait = true;
      opts.onWait?.(holder);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${Math.round(opts.timeoutMs / 1000)}s waiting for lock ${lockPath}` +
          (holder !== undefined ? ` held by pid ${holder}` : '') +
          '. If no such process is running, delete the lock file.',
      );
    }
    await sleep(opts.pollMs ?? 250);
  }
}

function readHolder(lockPath: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10);
    return Number.isFinite(pid) ? pid : undefined;
  } catch {
    // Vanished between open and read, or caught mid-write: just retry.
    return undefined;
  }
}

/**
 * Remove a lock whose holder died. We move it aside first and re-check what we
 * moved: if a competitor replaced the stale lock in between, we put theirs back
 * (link fails if yet another holder already took the path, which is also fine).
 */
function breakStaleLock(lockPath: string, stalePid: number): void {
  const aside = `${lockPath}.stale-${process.pid}-${Date.now()}`;
  try {
    fs.renameSync(lockPath, aside);
  } catch {
    return; // someone else got there first
  }
  const moved = readHolder(aside);
  if (moved !== stalePid && moved !== undefined && isProcessAlive(moved)) {
    try {
      fs.linkSync(aside, lockPath);
    } catch {
      /* path retaken meanwhile; their lock wins */
    }
  }
  fs.rmSync(aside, { force: true });
}

function release(lockPath: string): void {
  // Only delete the lock if it is still ours; never remove a successor's lock.
  if (readHolder(lockPath) === process.pid) fs.rmSync(lockPath, { force: true });
}
