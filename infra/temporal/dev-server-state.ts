// The on-disk record (<dataDir>/server.json) of the dev server we spawned. It is
// how a later, unrelated `nas` process finds, reuses or stops that server.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isProcessAlive, processArgv } from './process-util';

export interface DevServerRecord {
  pid: number;
  host: string;
  port: number;
  uiPort: number;
  /** host:port for gRPC clients and workers. */
  address: string;
  uiUrl: string;
  namespace: string;
  dbPath: string;
  logPath: string;
  cliPath: string;
  startedAt: string;
}

export function serverRecordPath(dataDir: string): string {
  return path.join(dataDir, 'server.json');
}

export function readServerRecord(dataDir: string): DevServerRecord | undefined {
  let text: string;
  try {
    text = fs.readFileSync(serverRecordPath(dataDir), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined; // half-written or hand-edited: treat as no server
  }
}

/** Written via rename so readers never see a partial file. */
export function writeServerRecord(dataDir: string, record: DevServerRecord): void {
  const file = serverRecordPath(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

export function clearServerRecord(dataDir: string): void {
  fs.rmSync(serverRecordPath(dataDir), { force: true });
}

/**
 * The record if its process is still alive and still a Temporal dev server.
 * Pids get recycled (notably after a reboot), so a live pid alone is not proof.
 */
export function liveServerRecord(dataDir: string): DevServerRecord | undefined {
  const record = readServerRecord(dataDir);
  if (!record || !isProcessAlive(record.pid)) return undefined;
  const argv = processArgv(record.pid);
  if (argv !== undefined && !(argv.includes('start-dev') && argv.includes(record.dbPath))) return undefined;
  return record;
}

function isRecord(value: unknown): value is DevServerRecord {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.pid === 'number' &&
    typeof v.port === 'number' &&
    typeof v.uiPort === 'number' &&
    ['host', 'address', 'uiUrl', 'namespace', 'dbPath', 'logPath', 'cliPath', 'startedAt'].every(
      (k) => typeof v[k] === 'string',
    )
  );
}
