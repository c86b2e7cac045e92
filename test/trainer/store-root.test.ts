// A folder artifact store whose root disappears (a shared mount gone, the folder moved away)
// is a store outage, never an empty store: read as empty, a resumed training found no
// checkpoint and restarted from scratch, and its first write re-created the root beside the
// missing mount. Real trainings into a real folder, renamed away and back (or replaced by an
// empty one, as an unmounted share leaves its mount point).
import * as fs from 'node:fs';
import * as path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { ArtifactError, ArtifactLocationError, openArtifactStore, prepareArtifactRoot } from '../../store';
import { StoreUnavailableError } from '../../trainer/errors';
import { toWireError } from '../../trainer/wire-error';
import { train } from '../../trainer/train';
import { selectBackend } from '../../trainer/backend';
import type { BackendInfo, TrainRequest } from '../../contracts/training';
import { TEST_BACKEND, removeDir, tempArtifactRoot, tinyRequest } from './helpers';

const parent = tempArtifactRoot('store-root');
test.after.always(() => removeDir(parent));
let backend: BackendInfo;
test.before(async () => {
  backend = await selectBackend(TEST_BACKEND, { log: () => undefined });
});

/** A trial trained one epoch into a new folder store `name`, and the request that resumes it to epoch 2. */
async function trainedOneEpoch(name: string, trialId: string): Promise<{ root: string; resume: TrainRequest }> {
  const root = path.join(parent, name);
  fs.mkdirSync(root);
  const request = tinyRequest({ trialId, targetEpochs: 1 });
  const first = await train(request, { artifactRoot: root, backend });
  return { root, resume: { ...request, targetEpochs: 2, resumeFrom: first.checkpoint } };
}

/** Once its store is back, the training goes on from its checkpoint: epoch 2 only, nothing skipped. */
async function resumesAtEpoch2(t: ExecutionContext, root: string, resume: TrainRequest): Promise<void> {
  const resumed = await train(resume, { artifactRoot: root, backend });
  t.is(resumed.resumeFallback, undefined, 'resumed from its checkpoint, nothing skipped');
  t.deepEqual(resumed.history.map((m) => m.epoch), [2], 'epoch 1 was not trained again');
}

test.serial('a folder store whose root is moved away reports an outage, and finds its checkpoint again once it is back', async (t) => {
  const { root, resume } = await trainedOneEpoch('mounted', 'survives');
  t.is(resume.resumeFrom?.epoch, 1);
  const away = path.join(parent, 'unmounted');

  fs.renameSync(root, away);
  const outage = await t.throwsAsync(train(resume, { artifactRoot: root, backend }), { instanceOf: StoreUnavailableError });
  t.regex(outage!.message, new RegExp(`checkpoint 'search-test/survives/epoch-0001' cannot be read: ${root}: the artifact store's root folder is missing`));
  t.false(toWireError(outage).nonRetryable, 'retried on the store outage schedule');
  t.false(fs.existsSync(root), 'the root is not re-created by the training');
  // The training activity lists checkpoints before it trains: an outage too, not "none".
  const store = openArtifactStore(root);
  const listing = await t.throwsAsync(store.listCheckpoints('search-test', 'survives'), { instanceOf: ArtifactError });
  t.is(listing!.name, 'ArtifactError', 'a plain ArtifactError: the activity reports it as StoreUnavailableError');
  t.not((listing as { nonRetryable?: boolean }).nonRetryable, true);
  await t.throwsAsync(store.readRecords('search-test', 'survives', 'epochs'), { message: /root folder is missing/ });
  await t.throwsAsync(store.appendRecord('search-test', 'other', 'attempts', { attempt: 1 }), { message: /root folder is missing/ });
  await t.throwsAsync(store.putCheckpoint('search-test/other/epoch-0001', { 'weights.bin': 'x' }), { message: /root folder is missing/ });
  await t.throwsAsync(store.deleteCheckpoint('search-test/survives/epoch-0001'), { message: /root folder is missing/ });
  t.false(fs.existsSync(root), 'nor by a write');

  fs.renameSync(away, root);
  t.deepEqual(await store.listCheckpoints('search-test', 'survives'), [1]);
  await resumesAtEpoch2(t, root, resume);
});

test.serial('an unmounted share leaves an empty mount point: a resume does not restart there from scratch, and resumes once the share is back', async (t) => {
  const { root, resume } = await trainedOneEpoch('mount-point', 'remounted');
  const share = path.join(parent, 'share');

  // Unmounted: the folder is still there, empty.
  fs.renameSync(root, share);
  fs.mkdirSync(root);
  const outage = await t.throwsAsync(train(resume, { artifactRoot: root, backend }), { instanceOf: StoreUnavailableError });
  t.regex(outage!.message, new RegExp(`the artifact store at ${root} holds nothing of trial remounted \\(no checkpoint, no epoch log\\), though the search recorded this checkpoint`));
  t.false(toWireError(outage).nonRetryable, 'retried on the store outage schedule');
  t.deepEqual(fs.readdirSync(root), [], 'nothing trained or written into the empty mount point');

  // Mounted again: the training goes on from its checkpoint.
  fs.rmdirSync(root);
  fs.renameSync(share, root);
  await resumesAtEpoch2(t, root, resume);
});

test('a folder NAS_ARTIFACTS names must exist at startup; the default folder is created', (t) => {
  const missing = path.join(parent, 'never-mounted');
  const err = t.throws(() => prepareArtifactRoot({ NAS_HOME: parent, NAS_ARTIFACTS: missing }), { instanceOf: ArtifactLocationError });
  t.is(err!.message, `NAS_ARTIFACTS=${missing}: the folder ${missing} does not exist; create it (mkdir -p ${missing}) or mount the shared store there. It is not created for you: a missing folder may be a store that is not mounted`);
  t.false(fs.existsSync(missing), 'nothing written');
  const file = path.join(parent, 'a-file');
  fs.writeFileSync(file, '');
  t.throws(() => prepareArtifactRoot({ NAS_ARTIFACTS: file }), { message: new RegExp(`^NAS_ARTIFACTS=${file}: ${file} is not a folder`) });

  const home = path.join(parent, 'home');
  t.is(prepareArtifactRoot({ NAS_HOME: home }), path.join(home, 'artifacts'));
  t.true(fs.statSync(path.join(home, 'artifacts')).isDirectory());
  t.is(prepareArtifactRoot({ NAS_HOME: home, NAS_ARTIFACTS: 's3://bucket/prefix' }), 's3://bucket/prefix');
});
