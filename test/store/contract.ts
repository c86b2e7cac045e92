// The artifact-store contract (store/artifact-store.ts), as one suite every implementation
// runs: test/store/local-store.test.ts and test/store/s3-store.test.ts register it with their
// own ways to open a store and to damage what it stored.
import type { TestFn } from 'ava';
import { randomBytes } from 'node:crypto';
import { ArtifactCorruptError, ArtifactKeyError, ArtifactNotFoundError, type ArtifactStore } from '../../store';

export interface StoreUnderTest {
  /** A store on a fresh, empty location. */
  open(): Promise<ArtifactStore>;
  /** Another handle on the same location, as a second worker would have (own cache, if any). */
  reopen(store: ArtifactStore): Promise<ArtifactStore>;
  /** Overwrites one stored file of a checkpoint behind the store's back. */
  damage(store: ArtifactStore, uri: string, file: string, how: 'truncate' | 'flip'): Promise<void>;
  /** Leaves a checkpoint's files without completing it, as a writer killed mid-put would. */
  leaveIncomplete(store: ArtifactStore, uri: string): Promise<void>;
}

const files = (seed: number, weightsBytes = 1024) => ({ 'model.json': JSON.stringify({ seed }), 'weights.bin': randomBytes(weightsBytes) });
const text = (b: Buffer | undefined) => b?.toString('utf8');

export function storeContract(test: TestFn, name: string, impl: StoreUnderTest): void {
  test(`${name}: a checkpoint reads back byte for byte and is listed`, async (t) => {
    const store = await impl.open();
    const written = files(1);
    await store.putCheckpoint('s1/t0001/epoch-0001', written);
    await store.putCheckpoint('s1/t0001/epoch-0003', files(3));
    await store.putCheckpoint('s1/t0002/epoch-0002', files(2));
    const read = await store.getCheckpoint('s1/t0001/epoch-0001');
    t.deepEqual(Object.keys(read).sort(), ['model.json', 'weights.bin']);
    t.is(text(read['model.json']), written['model.json']);
    t.true(read['weights.bin'].equals(written['weights.bin']));
    t.deepEqual(await store.listCheckpoints('s1', 't0001'), [1, 3]);
    t.deepEqual(await store.listCheckpoints('s1', 't0009'), []);
    t.deepEqual(await store.listTrials('s1'), ['t0001', 't0002']);
    t.deepEqual(await store.listTrials('nothing-here'), []);
  });

  test(`${name}: another worker reads what one wrote, from the store alone`, async (t) => {
    const store = await impl.open();
    const written = files(7);
    await store.putCheckpoint('s/t/epoch-0002', written);
    const other = await impl.reopen(store);
    t.deepEqual(await other.listCheckpoints('s', 't'), [2]);
    t.true((await other.getCheckpoint('s/t/epoch-0002'))['weights.bin'].equals(written['weights.bin']));
  });

  test(`${name}: a checkpoint is written once; a second put of its uri keeps the first`, async (t) => {
    const store = await impl.open();
    await store.putCheckpoint('s/t/epoch-0001', files(1));
    await store.putCheckpoint('s/t/epoch-0001', files(2));
    t.is(text((await store.getCheckpoint('s/t/epoch-0001'))['model.json']), JSON.stringify({ seed: 1 }));
    t.is(text((await (await impl.reopen(store)).getCheckpoint('s/t/epoch-0001'))['model.json']), JSON.stringify({ seed: 1 }));
  });

  test(`${name}: truncated or flipped bytes are refused on read`, async (t) => {
    for (const how of ['truncate', 'flip'] as const) {
      const store = await impl.open();
      await store.putCheckpoint('s/t/epoch-0001', files(1));
      await impl.damage(store, 's/t/epoch-0001', 'weights.bin', how);
      // A fresh handle: a worker that never saw the good bytes.
      const reader = await impl.reopen(store);
      const err = await t.throwsAsync(reader.getCheckpoint('s/t/epoch-0001'), { instanceOf: ArtifactCorruptError });
      t.regex(err!.message, how === 'truncate' ? /weights\.bin is \d+ bytes, its manifest says 1024/ : /weights\.bin has SHA-256 .* \(corrupt\)/);
    }
  });

  test(`${name}: an incomplete write is invisible, and a later put completes the uri`, async (t) => {
    const store = await impl.open();
    await impl.leaveIncomplete(store, 's/t/epoch-0004');
    t.deepEqual(await store.listCheckpoints('s', 't'), []);
    await t.throwsAsync(store.getCheckpoint('s/t/epoch-0004'), { instanceOf: ArtifactNotFoundError });
    await store.putCheckpoint('s/t/epoch-0004', files(4));
    t.deepEqual(await store.listCheckpoints('s', 't'), [4]);
    t.is(text((await (await impl.reopen(store)).getCheckpoint('s/t/epoch-0004'))['model.json']), JSON.stringify({ seed: 4 }));
  });

  test(`${name}: a deleted checkpoint is gone for every reader; deleting it again is fine`, async (t) => {
    const store = await impl.open();
    await store.putCheckpoint('s/t/epoch-0001', files(1));
    await store.putCheckpoint('s/t/epoch-0002', files(2));
    await store.deleteCheckpoint('s/t/epoch-0001');
    await store.deleteCheckpoint('s/t/epoch-0001');
    await store.deleteCheckpoint('s/t/epoch-0099');
    t.deepEqual(await store.listCheckpoints('s', 't'), [2]);
    await t.throwsAsync(store.getCheckpoint('s/t/epoch-0001'), { instanceOf: ArtifactNotFoundError });
    await t.throwsAsync((await impl.reopen(store)).getCheckpoint('s/t/epoch-0001'), { instanceOf: ArtifactNotFoundError });
  });

  test(`${name}: ids and uris that could leave the store are refused before anything is written`, async (t) => {
    const store = await impl.open();
    for (const uri of ['../x/epoch-0001', 's/../epoch-0001', 's/t/epoch-1', 's/t/u/epoch-0001', 's/.t/epoch-0001', '/s/t/epoch-0001', 's\\t/u/epoch-0001']) {
      await t.throwsAsync(store.putCheckpoint(uri, files(1)), { instanceOf: ArtifactKeyError }, uri);
      await t.throwsAsync(store.getCheckpoint(uri), { instanceOf: ArtifactKeyError }, uri);
    }
    await t.throwsAsync(store.putCheckpoint('s/t/epoch-0001', { '../evil': 'x' }), { instanceOf: ArtifactKeyError });
    await t.throwsAsync(store.putCheckpoint('s/t/epoch-0001', { 'manifest.json': 'x' }), { instanceOf: ArtifactKeyError });
    await t.throwsAsync(store.listCheckpoints('..', 't'), { instanceOf: ArtifactKeyError });
    await t.throwsAsync(store.appendRecord('s', 'a/b', 'attempts', {}), { instanceOf: ArtifactKeyError });
    t.deepEqual(await store.listTrials('s'), []);
  });

  test(`${name}: trial logs keep their records in order`, async (t) => {
    const store = await impl.open();
    t.deepEqual(await store.readRecords('s', 't', 'attempts'), []);
    for (let i = 1; i <= 5; i++) await store.appendRecord('s', 't', 'attempts', { attempt: i });
    t.deepEqual(await (await impl.reopen(store)).readRecords('s', 't', 'attempts'), [1, 2, 3, 4, 5].map((attempt) => ({ attempt })));
    t.deepEqual(await store.listTrials('s'), ['t']);
  });

  test(`${name}: a large checkpoint (multi-part sized) round-trips`, async (t) => {
    const store = await impl.open();
    const big = files(9, 12 * 1024 * 1024 + 17);
    await store.putCheckpoint('s/big/epoch-0001', big);
    t.true((await (await impl.reopen(store)).getCheckpoint('s/big/epoch-0001'))['weights.bin'].equals(big['weights.bin']));
  });
}
