// Starts real dev servers (from the pinned CLI) in throwaway NAS homes on free
// ports, so it never collides with a developer's own ~/.nas server.
import test from 'ava';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureTemporalCli } from '../../infra/temporal/cli-install';
import { SEARCH_ATTRIBUTE_KEYS } from '../../contracts/search-attributes';
import { ensureSearchAttributes } from '../../infra/temporal/search-attributes';
import { connectClient, connectWorkerConnection, ensureServer, temporalSettings } from '../../infra/temporal/connection';
import { devServerStatus, PortInUseError, startDevServer, stopDevServer } from '../../infra/temporal/dev-server';
import { serverRecordPath, writeServerRecord } from '../../infra/temporal/dev-server-state';
import { findFreePort } from '../../infra/temporal/ports';
import { isProcessAlive } from '../../infra/temporal/process-util';

function tempHome(t: { teardown(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-home-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function twoFreePorts(): Promise<[number, number]> {
  const a = await findFreePort();
  let b = await findFreePort();
  while (b === a) b = await findFreePort();
  return [a, b];
}

test.serial('start -> status -> client connects -> start again reuses -> stop', async (t) => {
  const dataDir = tempHome(t);
  const [port, uiPort] = await twoFreePorts();
  const cliPath = await ensureTemporalCli();
  t.teardown(() => stopDevServer({ dataDir, graceMs: 2_000 }).then(() => undefined));

  // Two concurrent starts must end up sharing one server (lock + reuse).
  const [a, b] = await Promise.all([
    startDevServer({ dataDir, port, uiPort, cliPath }),
    startDevServer({ dataDir, port, uiPort, cliPath }),
  ]);
  t.is(a.pid, b.pid);
  t.deepEqual([a.alreadyRunning, b.alreadyRunning].sort(), [false, true]);
  t.is(a.address, `127.0.0.1:${port}`);
  t.is(a.uiUrl, `http://127.0.0.1:${uiPort}`);
  t.true(fs.existsSync(serverRecordPath(dataDir)));
  t.true(fs.existsSync(path.join(dataDir, 'logs', 'temporal-server.log')));

  const status = await devServerStatus({ dataDir });
  t.like(status, { running: true, healthy: true, pid: a.pid, address: a.address, uiUrl: a.uiUrl });
  t.is(status.dbPath, path.join(dataDir, 'temporal.db'));
  t.true(fs.existsSync(status.dbPath));

  // Without TEMPORAL_ADDRESS, connectClient finds the embedded server through server.json.
  const { client, connection } = await connectClient({ dataDir, settings: temporalSettings({}) });
  try {
    const info = await connection.workflowService.getSystemInfo({});
    t.truthy(info.serverVersion);
    const listed = [];
    for await (const wf of client.workflow.list()) listed.push(wf);
    t.deepEqual(listed, []);
    // The search attributes searches set are registered at start, nothing left to add.
    const attributes = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
    for (const key of SEARCH_ATTRIBUTE_KEYS) t.true(key.name in (attributes.customAttributes ?? {}), key.name);
    t.deepEqual(await ensureSearchAttributes(connection, 'default'), []);
  } finally {
    await connection.close();
  }

  // Workers get a NativeConnection to the same server.
  const native = await connectWorkerConnection({ dataDir, settings: temporalSettings({}) });
  const sys = await native.workflowService.getSystemInfo({});
  t.truthy(sys.capabilities);
  await native.close();

  const again = await startDevServer({ dataDir, port, uiPort, cliPath });
  t.true(again.alreadyRunning);
  t.is(again.pid, a.pid);

  const stopped = await stopDevServer({ dataDir });
  t.like(stopped, { wasRunning: true, pid: a.pid, forced: false });
  t.false(isProcessAlive(a.pid));
  t.false(fs.existsSync(serverRecordPath(dataDir)));
  t.like(await devServerStatus({ dataDir }), { running: false, healthy: false });
  t.like(await stopDevServer({ dataDir }), { wasRunning: false });
});

test.serial('ensureServer starts the embedded server, with a new namespace on reuse', async (t) => {
  const dataDir = tempHome(t);
  const [port, uiPort] = await twoFreePorts();
  t.teardown(() => stopDevServer({ dataDir, graceMs: 2_000 }).then(() => undefined));
  const lines: string[] = [];
  const log = (l: string) => lines.push(l);

  const first = await ensureServer({ dataDir, port, uiPort, log, env: { ...process.env, TEMPORAL_ADDRESS: '' } });
  t.deepEqual(first, {
    address: `127.0.0.1:${port}`,
    namespace: 'default',
    uiUrl: `http://127.0.0.1:${uiPort}`,
    embedded: true,
    alreadyRunning: false,
  });
  const env = { ...process.env, TEMPORAL_ADDRESS: '', TEMPORAL_NAMESPACE: 'nas-test' };
  const second = await ensureServer({ dataDir, port, uiPort, log, env });
  t.like(second, { address: first.address, namespace: 'nas-test', embedded: true, alreadyRunning: true });

  const { connection } = await connectClient({ dataDir, settings: temporalSettings(env) });
  try {
    const ns = await connection.workflowService.describeNamespace({ namespace: 'nas-test' });
    t.is(ns.namespaceInfo?.name, 'nas-test');
  } finally {
    await connection.close();
  }

  // State lives in <dataDir>/temporal.db: a restarted server still knows the namespace.
  await stopDevServer({ dataDir });
  const restarted = await startDevServer({ dataDir, port, uiPort }); // launches only 'default'
  t.false(restarted.alreadyRunning);
  const again = await connectClient({ dataDir, settings: temporalSettings(env) });
  try {
    const ns = await again.connection.workflowService.describeNamespace({ namespace: 'nas-test' });
    t.is(ns.namespaceInfo?.name, 'nas-test');
  } finally {
    await again.connection.close();
  }
});

test('ensureServer with TEMPORAL_ADDRESS uses the external cluster and starts nothing', async (t) => {
  const dataDir = tempHome(t);
  const env = { TEMPORAL_ADDRESS: 'temporal.example:7233', TEMPORAL_NAMESPACE: 'prod' };
  t.deepEqual(await ensureServer({ dataDir, env }), {
    address: 'temporal.example:7233',
    namespace: 'prod',
    embedded: false,
  });
  t.false(fs.existsSync(serverRecordPath(dataDir)));
});

test('a port held by a foreign process is reported clearly', async (t) => {
  const dataDir = tempHome(t);
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen({ host: '127.0.0.1', port: 0 }, resolve));
  t.teardown(() => blocker.close());
  const port = (blocker.address() as net.AddressInfo).port;
  const uiPort = await findFreePort();

  const err = await t.throwsAsync(startDevServer({ dataDir, port, uiPort, cliPath: await ensureTemporalCli() }), {
    instanceOf: PortInUseError,
  });
  t.regex(err?.message ?? '', new RegExp(`gRPC port 127\\.0\\.0\\.1:${port} is already in use`));
  t.regex(err?.message ?? '', /held by another program/);
  t.false(fs.existsSync(serverRecordPath(dataDir)));
});

test('a stale server.json (dead pid) is ignored and cleaned up', async (t) => {
  const dataDir = tempHome(t);
  writeServerRecord(dataDir, {
    pid: 2 ** 22 + 12345, // above Linux's pid_max: certainly not running
    host: '127.0.0.1',
    port: 1,
    uiPort: 2,
    address: '127.0.0.1:1',
    uiUrl: 'http://127.0.0.1:2',
    namespace: 'default',
    dbPath: path.join(dataDir, 'temporal.db'),
    logPath: path.join(dataDir, 'logs', 'temporal-server.log'),
    cliPath: '/nonexistent',
    startedAt: new Date(0).toISOString(),
  });
  t.like(await devServerStatus({ dataDir }), { running: false, healthy: false });
  t.like(await stopDevServer({ dataDir }), { wasRunning: false });
  t.false(fs.existsSync(serverRecordPath(dataDir)));
});
