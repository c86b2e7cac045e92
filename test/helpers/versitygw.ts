// A private versitygw (the cluster's S3-compatible store) for tests: the binary that
// `nas cluster install` caches, a temporary data folder, a free port, fresh credentials.
// Without the binary the test fails with the command that builds it: nothing is skipped.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clusterBuilds } from '../../infra/cluster/binaries';
import { isExecutable } from '../../infra/cluster/go-install';
import { runningPid, startDaemon, stopDaemon, logTail } from '../../infra/cluster/daemon';
import { versitygwDaemon, waitForPort } from '../../infra/cluster/versitygw';
import { findFreePort } from '../../infra/temporal/ports';
import { isProcessAlive } from '../../infra/temporal/process-util';

export interface TestS3 {
  /** AWS_* variables that point the SDK at it. */
  env: Record<string, string>;
  bucket: string;
  dataDir: string;
  /** Stops the server, keeping its data: requests are refused as by a store that is down. */
  down(): Promise<void>;
  /** Starts it again on the same port with the same data, as after a restart. */
  up(): Promise<void>;
  /** SIGSTOP / SIGCONT: connections are still accepted (by the kernel), nothing answers. */
  freeze(): void;
  thaw(): void;
  stop(): Promise<void>;
}

export function versitygwBinary(): string {
  const build = clusterBuilds().find((b) => b.packages.some((p) => p.binary === 'versitygw'))!;
  const binary = path.join(build.dir, 'versitygw');
  if (!isExecutable(binary)) {
    throw new Error(`versitygw is not built (${binary} is missing); run: node bin/nas.js cluster install   (once per machine; .ci/run does it)`);
  }
  return binary;
}

export async function startTestS3(): Promise<TestS3> {
  const binary = versitygwBinary();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-s3-'));
  const port = await findFreePort();
  const settings = { binary, host: '127.0.0.1', port, accessKey: `test${randomBytes(6).toString('hex')}`, secretKey: randomBytes(20).toString('hex'), dataDir: path.join(dir, 'data'), bucket: 'nas-test' };
  const runDir = path.join(dir, 'run');
  const start = async (): Promise<void> => {
    const pid = startDaemon(versitygwDaemon(settings), runDir, dir);
    if (!(await waitForPort('127.0.0.1', port, 30_000, () => isProcessAlive(pid)))) {
      throw new Error(`versitygw did not start on port ${port}:\n${logTail(dir, 'versitygw')}`);
    }
  };
  await start();
  const signal = (name: NodeJS.Signals): void => {
    const pid = runningPid(runDir, 'versitygw', binary);
    if (pid === undefined) throw new Error('versitygw is not running');
    process.kill(pid, name);
  };
  return {
    env: { AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`, AWS_ACCESS_KEY_ID: settings.accessKey, AWS_SECRET_ACCESS_KEY: settings.secretKey, AWS_REGION: 'us-east-1' },
    bucket: settings.bucket,
    dataDir: settings.dataDir,
    async down() {
      if (!(await stopDaemon(runDir, 'versitygw', binary, 5_000))) throw new Error('versitygw was not running');
    },
    up: start,
    freeze: () => signal('SIGSTOP'),
    thaw: () => signal('SIGCONT'),
    async stop() {
      await stopDaemon(runDir, 'versitygw', binary, 5_000);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
