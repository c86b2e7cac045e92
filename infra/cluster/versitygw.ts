// The cluster's S3-compatible object store: versitygw with its POSIX backend (buckets are
// folders under the data folder), credentials from the environment (not the command line,
// where `ps` would show them), listening on the cluster's host only.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { Daemon } from './daemon';
import { sleep } from '../temporal/process-util';

export interface VersitygwSettings {
  binary: string;
  host: string;
  port: number;
  accessKey: string;
  secretKey: string;
  dataDir: string;
  bucket: string;
}

export function versitygwDaemon(s: VersitygwSettings, name = 'versitygw'): Daemon {
  // A bucket of the POSIX backend is a top-level folder; creating it here avoids a CreateBucket call.
  fs.mkdirSync(path.join(s.dataDir, s.bucket), { recursive: true });
  return {
    name,
    command: s.binary,
    args: ['--port', `${s.host}:${s.port}`, '--quiet', 'posix', s.dataDir],
    env: { ...process.env, ROOT_ACCESS_KEY_ID: s.accessKey, ROOT_SECRET_ACCESS_KEY: s.secretKey },
  };
}

/** Waits until something accepts TCP connections on host:port. */
export async function waitForPort(host: string, port: number, timeoutMs: number, stillRunning: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!stillRunning()) return false;
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host, port });
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (open) return true;
    await sleep(200);
  }
  return false;
}
