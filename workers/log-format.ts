// How worker log entries read. Worker processes (`nas worker`) keep every detail for their log
// files; a foreground `nas search` shares its terminal with the progress display, so there an
// entry is one short line: no task tokens, no JSON, no stack traces.
import type { LogEntry } from '@temporalio/worker';

export type LogStyle = 'full' | 'brief';

export function formatLogEntry(entry: Pick<LogEntry, 'level' | 'message' | 'meta' | 'timestampNanos'>, style: LogStyle): string {
  if (style === 'full') {
    const meta = entry.meta && Object.keys(entry.meta).length > 0 ? ` ${JSON.stringify(entry.meta)}` : '';
    return `${new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString()} [${entry.level}] ${entry.message}${meta}`;
  }
  const meta = entry.meta ?? {};
  const error = meta.error === undefined ? '' : `: ${firstLine(errorMessage(meta.error))}`;
  if (meta.activityType !== undefined) {
    const attempt = typeof meta.attempt === 'number' ? `, attempt ${meta.attempt}` : '';
    const search = typeof meta.workflowId === 'string' ? ` of search ${meta.workflowId}` : '';
    return `[${entry.level.toLowerCase()}] ${String(meta.activityType)} ${String(meta.activityId ?? '')}${search}${attempt}: ${entry.message.toLowerCase()}${error}`;
  }
  return `[${entry.level.toLowerCase()}] ${entry.message}${error}`;
}

/** The innermost message is the one that says what went wrong (the trainer's, not the wrapper's). */
function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? errorMessage(error.cause) : undefined;
    return cause && !error.message.includes(cause.split('\n')[0]) ? `${error.message} (${cause})` : error.message;
  }
  return String(error);
}

function firstLine(text: string): string {
  return text.split('\n')[0].slice(0, 300);
}
