// The file-system system calls a child process really makes, as strace(1) records them, for
// tests of durability (which fds were written, fsynced, closed, in what order). Debian's strace
// package (installed by .ci/run); nothing here replaces a call, it only watches.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';

export const STRACE_PATH = process.env.STRACE_PATH ?? '/usr/bin/strace';

/** One system call: its name, its raw argument text, and what it returned. */
export interface Syscall {
  pid: number;
  name: string;
  args: string;
  result: string;
}

/**
 * Runs `node -e script` under strace (all threads: libuv runs file calls on its pool), tracing
 * `calls`; returns the child's stdout and its calls in the order they finished.
 */
export async function traceNode(script: string, calls: readonly string[], traceFile: string): Promise<{ stdout: string; calls: Syscall[] }> {
  if (!existsSync(STRACE_PATH)) throw new Error(`no strace at ${STRACE_PATH}: install Debian's package (apt-get install -y strace) or set STRACE_PATH`);
  const { stdout } = await promisify(execFile)(STRACE_PATH, ['-f', '-qq', '-e', `trace=${calls.join(',')}`, '-o', traceFile, process.execPath, '-e', script]);
  return { stdout, calls: parseStrace(readFileSync(traceFile, 'utf8')) };
}

/** strace -f output, a call split by a thread switch ("<unfinished ...>" / "resumed>") joined again. */
export function parseStrace(text: string): Syscall[] {
  const pending = new Map<number, string>();
  const out: Syscall[] = [];
  for (const raw of text.split('\n')) {
    const m = /^(\d+)\s+(.*)$/.exec(raw);
    if (!m) continue;
    const pid = Number(m[1]);
    let line = m[2];
    if (line.endsWith('<unfinished ...>')) {
      pending.set(pid, line.slice(0, -'<unfinished ...>'.length).trimEnd());
      continue;
    }
    const resumed = /^<\.\.\. \w+ resumed>(.*)$/.exec(line);
    if (resumed) {
      line = (pending.get(pid) ?? '') + resumed[1];
      pending.delete(pid);
    }
    const call = /^(\w+)\((.*)\)\s+=\s+(.*)$/.exec(line);
    if (call) out.push({ pid, name: call[1], args: call[2], result: call[3] });
  }
  return out;
}
