import test from 'ava';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PortInUseError, startDevServer } from '../../infra/temporal/dev-server';
import { createTestEnv } from '../helpers/temporal-test-env';

test('createTestEnv runs a private server that clients can use', async (t) => {
  const env = await createTestEnv();
  t.teardown(() => env.teardown());

  const res = await env.connection.workflowService.listNamespaces({});
  t.true(res.namespaces.some((n) => n.namespaceInfo?.name === 'default'));

  // A Temporal server we did not start gets a pointed hint: use it via TEMPORAL_ADDRESS.
  const port = Number(env.address.split(':').pop());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-home-'));
  t.teardown(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const err = await t.throwsAsync(startDevServer({ dataDir, port, uiPort: port + 1 }), { instanceOf: PortInUseError });
  t.regex(err?.message ?? '', /answers like a Temporal server/);
  t.regex(err?.message ?? '', new RegExp(`TEMPORAL_ADDRESS=127\\.0\\.0\\.1:${port}`));
});
