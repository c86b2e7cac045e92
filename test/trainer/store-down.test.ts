// An S3 artifact store that does not answer (its server restarting, the network down) fails a
// training with a retryable StoreUnavailableError: the retry finds the checkpoints as they were.
// Before, reading or deleting a checkpoint then failed the trial for good (a CheckpointError).
import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../../infra/temporal/ports';
import { deleteCheckpoint, loadCheckpoint } from '../../trainer/checkpoint';
import { readParentWeights } from '../../trainer/morphism/parent';
import { StoreUnavailableError } from '../../trainer/errors';
import { toWireError } from '../../trainer/wire-error';
import { buildModel } from '../../trainer/model/build';
import { compileForClassification } from '../../trainer/model/compile';
import { tinyRequest } from './helpers';

test('a checkpoint read (resume or morphism parent) or delete against an S3 store that does not answer is retryable, naming the checkpoint and the store', async (t) => {
  // A port nothing listens on: every request is refused at once.
  const port = await findFreePort();
  Object.assign(process.env, { NAS_HOME: mkdtempSync(join(tmpdir(), 'nas-store-down-')), AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${port}`, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' });
  const root = `s3://nas-down-${port}/artifacts`;
  const ref = { uri: 'search-test/t0001/epoch-0002', epoch: 2 };
  const request = tinyRequest();
  const model = buildModel(request.architecture, [12, 12, 1], 4, 0);
  const optimizer = compileForClassification(model, request.training);
  try {
    const read = await t.throwsAsync(loadCheckpoint(root, ref, model, 'adam'), { instanceOf: StoreUnavailableError });
    t.regex(read!.message, new RegExp(`^checkpoint '${ref.uri}' cannot be read: ${root}: .*failed`));
    t.false(toWireError(read).nonRetryable, 'the training activity retries it');
    const deleted = await t.throwsAsync(deleteCheckpoint(root, ref), { instanceOf: StoreUnavailableError });
    t.regex(deleted!.message, new RegExp(`^checkpoint '${ref.uri}' cannot be deleted: ${root}: deleting .*failed`));
    t.false(toWireError(deleted).nonRetryable);
    // A morphism child's parent checkpoint behind that store: retried too, never taken as
    // unreadable (which would train the child from fresh weights).
    const inherit = { parentTrialId: 't0001', checkpoint: ref, weightMap: { exact: true, nodes: {} }, operator: 'deepen' };
    const parent = await t.throwsAsync(readParentWeights(root, inherit), { instanceOf: StoreUnavailableError });
    t.regex(parent!.message, new RegExp(`^checkpoint '${ref.uri}' cannot be read: ${root}: .*failed`));
    t.false(toWireError(parent).nonRetryable);
  } finally {
    model.dispose();
    optimizer.dispose();
    t.is(tf.memory().numTensors, 0);
  }
});
