import test from 'ava';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveConnection, temporalSettings, tlsConfig, workflowUiUrl } from '../../infra/temporal/connection';
import { artifactsDir, logsDir, nasHome } from '../../infra/paths';

test('no variables: embedded server, default namespace, plaintext', (t) => {
  t.deepEqual(temporalSettings({}), { namespace: 'default', tls: false });
});

test('address and namespace are taken verbatim (trimmed)', (t) => {
  const s = temporalSettings({ TEMPORAL_ADDRESS: ' prod.example:7233 ', TEMPORAL_NAMESPACE: 'nas' });
  t.deepEqual(s, { address: 'prod.example:7233', namespace: 'nas', tls: false });
});

test('empty values count as unset', (t) => {
  t.deepEqual(temporalSettings({ TEMPORAL_ADDRESS: '', TEMPORAL_NAMESPACE: '  ', TEMPORAL_TLS: '' }), {
    namespace: 'default',
    tls: false,
  });
});

test('TEMPORAL_TLS=true enables TLS with no files', (t) => {
  t.deepEqual(temporalSettings({ TEMPORAL_ADDRESS: 'a:1', TEMPORAL_TLS: 'true' }).tls, {});
});

test('API key implies TLS', (t) => {
  const s = temporalSettings({ TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_API_KEY: 'secret' });
  t.deepEqual(s.tls, {});
  t.is(s.apiKey, 'secret');
});

test('TEMPORAL_TLS=false wins over an API key (e.g. plaintext proxy)', (t) => {
  const s = temporalSettings({ TEMPORAL_ADDRESS: 'a:1', TEMPORAL_API_KEY: 'k', TEMPORAL_TLS: 'false' });
  t.false(s.tls);
  t.is(s.apiKey, 'k');
});

test('mTLS paths and server name imply TLS', (t) => {
  const s = temporalSettings({
    TEMPORAL_ADDRESS: 'a:1',
    TEMPORAL_TLS_CLIENT_CERT_PATH: '/c.pem',
    TEMPORAL_TLS_CLIENT_KEY_PATH: '/k.pem',
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/ca.pem',
    TEMPORAL_TLS_SERVER_NAME: 'server.internal',
  });
  t.deepEqual(s.tls, {
    clientCertPath: '/c.pem',
    clientKeyPath: '/k.pem',
    serverCaCertPath: '/ca.pem',
    serverName: 'server.internal',
  });
});

test('cert without key is rejected', (t) => {
  t.throws(() => temporalSettings({ TEMPORAL_TLS_CLIENT_CERT_PATH: '/c.pem' }), { message: /must be set together/ });
});

test('a non-boolean TEMPORAL_TLS is rejected', (t) => {
  t.throws(() => temporalSettings({ TEMPORAL_TLS: 'maybe' }), { message: /TEMPORAL_TLS must be true or false/ });
});

test('tlsConfig reads the PEM files and maps the server name', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-tls-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const f of ['c.pem', 'k.pem', 'ca.pem']) fs.writeFileSync(path.join(dir, f), `PEM ${f}`);
  const cfg = tlsConfig(
    temporalSettings({
      TEMPORAL_TLS_CLIENT_CERT_PATH: path.join(dir, 'c.pem'),
      TEMPORAL_TLS_CLIENT_KEY_PATH: path.join(dir, 'k.pem'),
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: path.join(dir, 'ca.pem'),
      TEMPORAL_TLS_SERVER_NAME: 'srv',
    }),
  );
  t.not(cfg, false);
  if (cfg === false) return;
  t.is(cfg.serverNameOverride, 'srv');
  t.is(Buffer.from(cfg.serverRootCACertificate ?? []).toString(), 'PEM ca.pem');
  t.is(Buffer.from(cfg.clientCertPair?.crt ?? []).toString(), 'PEM c.pem');
  t.is(Buffer.from(cfg.clientCertPair?.key ?? []).toString(), 'PEM k.pem');
});

test('tlsConfig names the variable when a file is missing', (t) => {
  const s = temporalSettings({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/nonexistent/ca.pem' });
  t.throws(() => tlsConfig(s), { message: /TEMPORAL_TLS_SERVER_CA_CERT_PATH=\/nonexistent\/ca.pem/ });
});

test('embedded server: TLS and API key are not applied to the local plaintext server', (t) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-home-'));
  t.teardown(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const r = resolveConnection({ dataDir, settings: temporalSettings({ TEMPORAL_API_KEY: 'k' }) });
  t.deepEqual(r, { address: '127.0.0.1:7233', namespace: 'default', tls: false });
});

test('external cluster: TLS and API key are applied', (t) => {
  const r = resolveConnection({ settings: temporalSettings({ TEMPORAL_ADDRESS: 'x:7233', TEMPORAL_API_KEY: 'k' }) });
  t.deepEqual(r, { address: 'x:7233', namespace: 'default', tls: {}, apiKey: 'k' });
});

test('workflowUiUrl builds the Web UI deep link', (t) => {
  t.is(
    workflowUiUrl('http://127.0.0.1:8233/', 'default', 'search-1'),
    'http://127.0.0.1:8233/namespaces/default/workflows/search-1',
  );
  t.is(workflowUiUrl('http://h:1', 'ns', 'a/b c', 'run1'), 'http://h:1/namespaces/ns/workflows/a%2Fb%20c/run1');
});

test('paths follow NAS_HOME, NAS_ARTIFACTS and default to ~/.nas', (t) => {
  t.is(nasHome({}), path.join(os.homedir(), '.nas'));
  t.is(nasHome({ NAS_HOME: '/data/nas' }), '/data/nas');
  t.is(artifactsDir({ NAS_HOME: '/data/nas' }), '/data/nas/artifacts');
  t.is(artifactsDir({ NAS_HOME: '/data/nas', NAS_ARTIFACTS: '/big/disk' }), '/big/disk');
  t.is(logsDir({ NAS_HOME: '/data/nas' }), '/data/nas/logs');
});
