// The Temporal SDK's runtime logs every worker state change and the workflow bundle's webpack
// stats at INFO, which drowns a CLI user's progress lines. NAS_LOG_LEVEL (default WARN) sets
// the threshold; it must be installed before the first worker or native connection exists.
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import { formatLogEntry, type LogStyle } from './log-format';

const LEVELS: readonly LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];
let installed = false;

/** `brief` (one short line per entry) suits a terminal that also shows progress. */
export function installWorkerRuntime(
  env: NodeJS.ProcessEnv = process.env,
  style: LogStyle = 'full',
  writeLine: (line: string) => void = (line) => void process.stderr.write(`${line}\n`),
): void {
  if (installed) return;
  installed = true;
  const wanted = (env.NAS_LOG_LEVEL ?? 'WARN').toUpperCase() as LogLevel;
  const level = LEVELS.includes(wanted) ? wanted : 'WARN';
  // Our two workers poll one queue kind each on purpose; the SDK warns about the other kind.
  const expected = /^No (activities|workflows) registered, not polling/;
  const logger = new DefaultLogger(level, (entry) => {
    if (expected.test(entry.message)) return;
    writeLine(formatLogEntry(entry, style));
  });
  try {
    Runtime.install({ logger });
  } catch {
    // A runtime already exists (e.g. a test created workers first): keep it.
  }
}
