// The cluster's long-running processes: started detached (their own process group, so they
// outlive the `nas` command and a Ctrl-C in its terminal), output appended to a log file,
// pid recorded under <NAS_HOME>/cluster/run so that `down` and `status` find them again.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isProcessAlive, processArgv, terminateProcessGroup } from '../temporal/process-util';

export interface Daemon {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export function pidFile(runDir: string, name: string): string {
  return path.join(runDir, `${name}.pid`);
}

export function logFile(logDir: string, name: string): string {
  return path.join(logDir, `${name}.log`);
}

/** The pid of a daemon we started that is still alive (and still our program, not a recycled pid). */
export function runningPid(runDir: string, name: string, command: string): number | undefined {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(pidFile(runDir, name), 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!isProcessAlive(pid)) return undefined;
  const argv = processArgv(pid);
  if (argv !== undefined && argv[0] !== command && path.basename(argv[0] ?? '') !== path.basename(command)) return undefined;
  return pid;
}

export function startDaemon(d: Daemon, runDir: string, logDir: string): number {
  fs.mkdirSync(runDir, { recursive: true });
  fs.mkdirSync(logDir, { recursive: true });
  const log = fs.openSync(logFile(logDir, d.name), 'a');
  try {
    const child = spawn(d.command, d.args, {
      cwd: d.cwd,
      env: d.env ?? process.env,
      detached: true,
      stdio: ['ignore', log, log],
    });
    if (child.pid === undefined) throw new Error(`could not start ${d.name} (${d.command})`);
    child.unref();
    fs.writeFileSync(pidFile(runDir, d.name), String(child.pid));
    return child.pid;
  } finally {
    fs.closeSync(log);
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; removes the pid file. */
export async function stopDaemon(runDir: string, name: string, command: string, graceMs = 10_000): Promise<boolean> {
  const pid = runningPid(runDir, name, command);
  fs.rmSync(pidFile(runDir, name), { force: true });
  if (pid === undefined) return false;
  await terminateProcessGroup(pid, graceMs);
  return true;
}

/** The last lines of a log, for error messages. */
export function logTail(logDir: string, name: string, lines = 15): string {
  try {
    return fs.readFileSync(logFile(logDir, name), 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
