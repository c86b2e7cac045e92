// An S3 store that refuses a worker's settings (a wrong secret, an access key it does not know,
// a bucket that does not exist) is a configuration error that names the setting to fix, never
// an outage to retry for minutes, and never "no such checkpoint" (which would restart a resumed
// training from scratch). Real versitygw, real trainer checkpoint reads.
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createS3Store } from '../../store/s3';
import { ArtifactAccessError, openArtifactStore, type ArtifactStore } from '../../store';
import { loadCheckpoint } from '../../trainer/checkpoint';
import { toWireError } from '../../trainer/wire-error';
import { buildModel } from '../../trainer/model/build';
import { compileForClassification } from '../../trainer/model/compile';
import { startTestS3, type TestS3 } from '../helpers/versitygw';
import { tinyRequest } from '../trainer/helpers';

const test = anyTest as TestFn;
let s3: TestS3;
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-s3-access-'));
const uri = 'search-test/t0001/epoch-0001';

test.before(async () => {
  s3 = await startTestS3();
  // A checkpoint that is there, for readers with the right settings.
  await createS3Store(`s3://${s3.bucket}/access`, s3.env, undefined).putCheckpoint(uri, { 'weights.bin': 'abc' });
});
test.after.always(async () => {
  await s3?.stop();
  fs.rmSync(home, { recursive: true, force: true });
});

/** Every operation a training does against the store fails with the same configuration error. */
async function refusesEverything(t: ExecutionContext, store: ArtifactStore, fix: RegExp): Promise<void> {
  const operations: Record<string, () => Promise<unknown>> = {
    getCheckpoint: () => store.getCheckpoint(uri),
    listCheckpoints: () => store.listCheckpoints('search-test', 't0001'),
    putCheckpoint: () => store.putCheckpoint('search-test/t0002/epoch-0001', { 'weights.bin': 'x' }),
    appendRecord: () => store.appendRecord('search-test', 't0001', 'attempts', { attempt: 1 }),
    deleteCheckpoint: () => store.deleteCheckpoint(uri),
  };
  for (const [name, run] of Object.entries(operations)) {
    const err = await t.throwsAsync(run(), { instanceOf: ArtifactAccessError }, name);
    t.regex(err?.message ?? '', fix, name);
    t.regex(err?.message ?? '', /not retried$/, name);
    t.true((err as { nonRetryable?: boolean } | undefined)?.nonRetryable, name);
  }
}

test.serial('a wrong secret key: every operation fails naming the credential variables', async (t) => {
  const store = createS3Store(`s3://${s3.bucket}/access`, { ...s3.env, AWS_SECRET_ACCESS_KEY: 'not-the-secret' }, undefined);
  // A HEAD request's 403 has no body, hence no error name: the status says it.
  await refusesEverything(t, store, /refuses this worker's credentials \(HTTP 403\): fix AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
});

test.serial('an access key the store does not know: the checkpoint is not taken for missing', async (t) => {
  // versitygw answers an unknown key with a 404: before, a checkpoint read took it for "no such
  // checkpoint", and a resumed training fell back to fresh weights.
  const store = createS3Store(`s3://${s3.bucket}/access`, { ...s3.env, AWS_ACCESS_KEY_ID: 'nobody' }, undefined);
  await refusesEverything(t, store, /XAdminUserNotFound.*refuses this worker's credentials \(HTTP 404\): fix AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
});

test.serial('a bucket that does not exist: every operation fails naming NAS_ARTIFACTS and the bucket', async (t) => {
  const store = createS3Store('s3://no-such-bucket/access', s3.env, undefined);
  await refusesEverything(t, store, /NoSuchBucket.*The bucket 'no-such-bucket' does not exist on this S3 endpoint: fix the bucket in NAS_ARTIFACTS \(s3:\/\/no-such-bucket\/access\)/);
});

test.serial('a resume against a store that refuses the credentials fails for good, as ArtifactAccessError, through the trainer', async (t) => {
  const location = `s3://${s3.bucket}/access`;
  // The trainer opens the store by location; this process's copy gets the wrong secret.
  const wrong = openArtifactStore(location, { ...s3.env, AWS_SECRET_ACCESS_KEY: 'not-the-secret', NAS_HOME: home });
  t.truthy(wrong);
  const request = tinyRequest();
  const model = buildModel(request.architecture, [12, 12, 1], 4, 0);
  const optimizer = compileForClassification(model, request.training);
  try {
    const err = await t.throwsAsync(loadCheckpoint(location, { uri, epoch: 1 }, model, 'adam'), { instanceOf: ArtifactAccessError });
    t.regex(err!.message, new RegExp(`^checkpoint '${uri}' cannot be read: ${location}: .*SignatureDoesNotMatch.*AWS_SECRET_ACCESS_KEY`));
    // From a trainer child to the activity: its type and "not retried" survive the trip.
    const wire = toWireError(err);
    t.is(wire.name, 'ArtifactAccessError');
    t.true(wire.nonRetryable);
  } finally {
    model.dispose();
    optimizer.dispose();
  }
  t.is(tf.memory().numTensors, 0);
  // The right settings read it (nothing was deleted above): the refusal was the settings'.
  t.deepEqual(Object.keys(await createS3Store(location, s3.env, undefined).getCheckpoint(uri)).sort(), ['weights.bin']);
});
