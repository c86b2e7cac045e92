// The training activity's half of the retry policy (contracts/training-retry.ts): the policy is
// the long store outage schedule, and the activity ends every other retryable failure at attempt
// TRAINING_FAILURE_ATTEMPTS by marking it non-retryable. Real trainings in a real TrainerPool,
// crashed by a signal; a real S3 client against a port nothing listens on; a real full device.
import test from 'ava';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities/train-candidate';
import type { TrainHeartbeat } from '../../activities/types';
import { TrainerPool } from '../../trainer/pool';
import { findFreePort } from '../../infra/temporal/ports';
import { STORE_OUTAGE_RETRY, STORE_UNAVAILABLE_TYPE, TRAINING_FAILURE_ATTEMPTS } from '../../contracts/training-retry';
import { TEST_BACKEND, removeDir, tempArtifactRoot, tinyRequest } from '../trainer/helpers';
import { startTestS3 } from '../helpers/versitygw';
import { EPOCH_LOG } from '../../trainer/epoch-log';

const root = tempArtifactRoot('retry-budget');
const pool = new TrainerPool({ size: 1, artifactRoot: root, backend: TEST_BACKEND });
test.after.always(async () => {
  await pool.close();
  removeDir(root);
});

/** Runs the activity at `attempt` and kills its trainer (SIGSEGV) once it finished an epoch. */
async function crashAt(attempt: number): Promise<unknown> {
  const trialId = `crashes-at-${attempt}`;
  const request = tinyRequest({ trialId, targetEpochs: 500, dataset: { name: 'synthetic', trainSize: 256, validationSize: 32, splitSeed: 1 } });
  const env = new MockActivityEnvironment({ attempt });
  let killed = false;
  env.on('heartbeat', (beat: TrainHeartbeat) => {
    const pid = pool.trialPid(trialId);
    if (killed || beat.epochsDone < 1 || pid === undefined) return;
    killed = true;
    process.kill(pid, 'SIGSEGV');
  });
  return env.run(createActivities({ pool, artifactRoot: root }).trainCandidate, request).then(
    () => undefined,
    (err: unknown) => err,
  );
}

test.serial(`a crashed trainer is retried before attempt ${TRAINING_FAILURE_ATTEMPTS} and ends the trial at it, as before`, async (t) => {
  const retried = await crashAt(TRAINING_FAILURE_ATTEMPTS - 1);
  if (!(retried instanceof ApplicationFailure)) return t.fail(`expected an ApplicationFailure, got ${String(retried)}`);
  t.is(retried.type, 'TrainerCrashedError');
  t.false(retried.nonRetryable, 'Temporal retries it');
  const last = await crashAt(TRAINING_FAILURE_ATTEMPTS);
  if (!(last instanceof ApplicationFailure)) return t.fail(`expected an ApplicationFailure, got ${String(last)}`);
  t.is(last.type, 'TrainerCrashedError', 'the user still sees what failed');
  t.true(last.nonRetryable, 'not retried on the store outage schedule');
  t.regex(last.message, /died \(signal SIGSEGV\) while training trial crashes-at-3/);
});

test.serial('a store that goes down while the trainer trains fails the attempt as a store outage, retryable past attempt 3', async (t) => {
  const s3 = await startTestS3();
  Object.assign(process.env, s3.env);
  const artifactRoot = `s3://${s3.bucket}/mid-training`;
  // Its own pool: the children must be forked with the store's settings in their environment.
  const s3Pool = new TrainerPool({ size: 1, artifactRoot, backend: TEST_BACKEND });
  try {
    const env = new MockActivityEnvironment({ attempt: TRAINING_FAILURE_ATTEMPTS });
    let down: Promise<void> | undefined;
    // After the first epoch's checkpoint: the next epoch's log append or checkpoint write fails in the trainer child.
    env.on('heartbeat', (beat: TrainHeartbeat) => {
      if (beat.epochsDone >= 1) down ??= s3.down();
    });
    const request = tinyRequest({ trialId: 'store-goes-down', targetEpochs: 500, dataset: { name: 'synthetic', trainSize: 256, validationSize: 32, splitSeed: 1 } });
    const err = await env.run(createActivities({ pool: s3Pool, artifactRoot }).trainCandidate, request).then(() => undefined, (e: unknown) => e);
    await down;
    if (!(err instanceof ApplicationFailure)) return t.fail(`expected an ApplicationFailure, got ${String(err)}`);
    t.is(err.type, STORE_UNAVAILABLE_TYPE, err.message);
    t.false(err.nonRetryable, 'retried on the store outage schedule');
    t.regex(err.message, new RegExp(`s3://${s3.bucket}/mid-training: .* failed`));
    t.log(err.message.split('\n')[0]);
  } finally {
    await s3Pool.close();
    await s3.stop();
  }
});

test.serial('a folder store whose disk is full (ENOSPC from the kernel) fails the attempt as a store outage, retryable past attempt 3', async (t) => {
  // The trial's epoch log is /dev/full: every write to it fails with a real ENOSPC, in the trainer child.
  const trialId = 'disk-full';
  mkdirSync(join(root, 'search-test', trialId), { recursive: true });
  symlinkSync('/dev/full', join(root, 'search-test', trialId, `${EPOCH_LOG}.jsonl`));
  const env = new MockActivityEnvironment({ attempt: TRAINING_FAILURE_ATTEMPTS });
  const err = await env.run(createActivities({ pool, artifactRoot: root }).trainCandidate, tinyRequest({ trialId })).then(() => undefined, (e: unknown) => e);
  if (!(err instanceof ApplicationFailure)) return t.fail(`expected an ApplicationFailure, got ${String(err)}`);
  // Before, a plain Error that ended the trial here, at attempt 3, like a crashing trainer.
  t.is(err.type, STORE_UNAVAILABLE_TYPE, err.message);
  t.false(err.nonRetryable, 'retried on the store outage schedule');
  t.regex(err.message, new RegExp(`^${root}: appending to search-test/${trialId}/${EPOCH_LOG} failed: ENOSPC`));
});

test.serial('an artifact store that does not answer stays retryable on every attempt of its schedule', async (t) => {
  const port = await findFreePort();
  Object.assign(process.env, { AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${port}`, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' });
  const activities = createActivities({ pool, artifactRoot: `s3://nas-down-${port}/artifacts` });
  for (const attempt of [1, TRAINING_FAILURE_ATTEMPTS, STORE_OUTAGE_RETRY.maximumAttempts - 1]) {
    const err = await new MockActivityEnvironment({ attempt }).run(activities.trainCandidate, tinyRequest({ trialId: `store-down-${attempt}` })).then(() => undefined, (e: unknown) => e);
    if (!(err instanceof ApplicationFailure)) return t.fail(`attempt ${attempt}: expected an ApplicationFailure, got ${String(err)}`);
    // The activity's own checkpoint listing failed: the store's plain ArtifactError, named as an outage.
    t.is(err.type, STORE_UNAVAILABLE_TYPE, `attempt ${attempt}: ${err.message}`);
    t.false(err.nonRetryable, `attempt ${attempt}`);
    t.regex(err.message, new RegExp(`s3://nas-down-${port}/artifacts: listing .* failed`));
  }
});
