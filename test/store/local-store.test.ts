// The local-directory store passes the store contract; its atomic folders are checked by the
// trainer's kill -9 test (test/trainer/checkpoint.test.ts).
import test from 'ava';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalDirectoryStore, type ArtifactStore } from '../../store';
import { storeContract } from './contract';

const roots: string[] = [];
test.after.always(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

storeContract(test, 'local', {
  async open() {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-store-'));
    roots.push(root);
    return new LocalDirectoryStore(root);
  },
  async reopen(store: ArtifactStore) {
    return new LocalDirectoryStore(store.location);
  },
  async damage(store, uri, file, how) {
    const target = path.join(store.location, ...uri.split('/'), file);
    const bytes = fs.readFileSync(target);
    if (how === 'truncate') fs.writeFileSync(target, bytes.subarray(0, bytes.length - 100));
    else fs.writeFileSync(target, Buffer.from(bytes.map((b, i) => (i === 10 ? b ^ 0xff : b))));
  },
  async leaveIncomplete(store, uri) {
    // What writeDirAtomically leaves when killed before its rename: a '.tmp-*' sibling of a dead pid.
    const dir = path.join(store.location, ...uri.split('/'));
    const temp = path.join(path.dirname(dir), `.tmp-${path.basename(dir)}-pid999999-0`);
    fs.mkdirSync(temp, { recursive: true });
    fs.writeFileSync(path.join(temp, 'weights.bin'), 'partial');
  },
});

test('local: a checkpoint folder from before manifests still loads (unverified), for running searches', async (t) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-store-'));
  roots.push(root);
  const dir = path.join(root, 's', 't', 'epoch-0002');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'model.json'), '{}');
  fs.writeFileSync(path.join(dir, 'weights.bin'), 'abc');
  const files = await new LocalDirectoryStore(root).getCheckpoint('s/t/epoch-0002');
  t.is(files['weights.bin'].toString(), 'abc');
});
