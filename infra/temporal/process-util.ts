// Small process helpers shared by the CLI installer and the dev-server manager.
import * as fs from 'node:fs';

/**
 * True if `pid` names a live (non-zombie) process we could signal.
 * A zombie still answers kill(pid, 0), but it will never serve requests or
 * release a lock, so for our purposes it is dead.
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM means it exists but belongs to someone else: alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  const stat = readProcFile(pid, 'stat');
  if (stat === undefined) return true; // no procfs (macOS): trust kill(0)
  // Format: "pid (comm) S ..." — comm may contain spaces/parens, so split after the last ')'.
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== 'Z' && state !== 'X';
}

/**
 * The command line of `pid` as an argv array, or undefined where procfs is not
 * available. Used to check that a pid recorded on disk still belongs to the
 * program we started and was not recycled for something else after a reboot.
 */
export function processArgv(pid: number): string[] | undefined {
  const raw = readProcFile(pid, 'cmdline');
  return raw === undefined ? undefined : raw.split('\0').filter((s) => s.length > 0);
}

function readProcFile(pid: number, name: string): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/${name}`, 'utf8');
  } catch {
    return undefined;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * SIGTERM the process group led by `pid`, SIGKILL it if still alive after
 * `graceMs`. Returns true if SIGKILL was needed. Signalling the group also
 * reaches any helpers the leader spawned.
 */
export async function terminateProcessGroup(pid: number, graceMs: number): Promise<boolean> {
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return false;
    await sleep(100);
  }
  signalGroup(pid, 'SIGKILL');
  for (let i = 0; i < 50 && isProcessAlive(pid); i++) await sleep(100);
  return true;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal); // pid does not lead a group (e.g. not spawned detached)
    } catch {
      /* already gone */
    }
  }
}
