// The S3 store passes the store contract against a real S3-compatible server (versitygw, as
// `nas cluster up` runs it), and a worker's download cache serves repeated reads.
import anyTest, { type TestFn } from 'ava';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { S3ArtifactStore, s3ClientConfig, parseS3Location } from '../../store/s3';
import { LocalDirectoryStore, ArtifactLocationError, type ArtifactStore } from '../../store';
import { sha256 } from '../../store/manifest';
import { startTestS3, type TestS3 } from '../helpers/versitygw';
import { storeContract } from './contract';

const test = anyTest as TestFn;
let s3: TestS3;
let client: S3Client;
let prefixes = 0;
const caches: string[] = [];

test.before(async () => {
  s3 = await startTestS3();
  client = new S3Client(s3ClientConfig(s3.env));
});
test.after.always(async () => {
  client?.destroy();
  await s3?.stop();
  caches.forEach((c) => fs.rmSync(c, { recursive: true, force: true }));
});

function storeAt(prefix: string): S3ArtifactStore {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-s3cache-'));
  caches.push(cache);
  return new S3ArtifactStore({ bucket: s3.bucket, prefix }, client, new LocalDirectoryStore(cache));
}
const prefixOf = (store: ArtifactStore) => store.location.replace(/^s3:\/\/[^/]+\//, '');

storeContract(test, 's3', {
  async open() {
    return storeAt(`contract/run${prefixes++}`);
  },
  async reopen(store) {
    return storeAt(prefixOf(store));
  },
  async damage(store, uri, file, how) {
    // Rewrite the stored object under the key the manifest points at.
    const prefix = `${prefixOf(store)}/${uri}/`;
    const dir = path.join(s3.dataDir, s3.bucket, ...prefix.split('/'));
    const name = fs.readdirSync(dir).find((n) => n.endsWith(`-${file}`))!;
    const bytes = fs.readFileSync(path.join(dir, name));
    const damaged = how === 'truncate' ? bytes.subarray(0, bytes.length - 100) : Buffer.from(bytes.map((b, i) => (i === 10 ? b ^ 0xff : b)));
    await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: prefix + name, Body: damaged }));
  },
  async leaveIncomplete(store, uri) {
    // A writer killed after uploading its files, before the manifest that commits them.
    const data = Buffer.from('partial weights');
    await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: `${prefixOf(store)}/${uri}/${sha256(data).slice(0, 16)}-weights.bin`, Body: data }));
  },
});

test('s3: a worker reads each checkpoint from the store once, then from its cache (verified)', async (t) => {
  const writer = storeAt('cache-test');
  await writer.putCheckpoint('s/t/epoch-0001', { 'weights.bin': Buffer.from('weights'), 'model.json': '{}' });
  const reader = storeAt('cache-test');
  t.is((await reader.getCheckpoint('s/t/epoch-0001'))['weights.bin'].toString(), 'weights');
  // Behind the store's back the object goes away; the reader still has its verified copy.
  const dir = path.join(s3.dataDir, s3.bucket, 'cache-test', 's', 't', 'epoch-0001');
  for (const name of fs.readdirSync(dir)) fs.rmSync(path.join(dir, name));
  t.is((await reader.getCheckpoint('s/t/epoch-0001'))['weights.bin'].toString(), 'weights');
  // A fresh worker has no cache: the store's own answer (now: gone) is what it gets.
  await t.throwsAsync(storeAt('cache-test').getCheckpoint('s/t/epoch-0001'));
});

test('s3: NAS_ARTIFACTS locations are checked before any request', (t) => {
  t.deepEqual(parseS3Location('s3://nas/artifacts/'), { bucket: 'nas', prefix: 'artifacts' });
  t.deepEqual(parseS3Location('s3://my-bucket'), { bucket: 'my-bucket', prefix: '' });
  for (const bad of ['s3://', 's3://UPPER/x', 's3://ab/x', 's3://nas/../x', 's3://nas/a//b']) {
    t.throws(() => parseS3Location(bad), { instanceOf: ArtifactLocationError }, bad);
  }
});
