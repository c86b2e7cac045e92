// TrainerPool: results and progress from child processes, queueing, cancellation by
// SIGKILL, crash isolation, error propagation and close(). Serial to keep the shared
// 2-core machine usable; every trial is tiny except the "long" ones, which are cut short.
import test from 'ava';
import {
  TrainerCrashedError, TrainerPoolClosedError, TrainingCancelledError, TrainingError,
} from '../../trainer/errors';
import { TrainerPool, childThreadEnv } from '../../trainer/pool';
import type { TrainProgress, TrainRequest } from '../../contracts/training';
import { TEST_BACKEND, processExists, removeDir, tempArtifactRoot, tinyRequest } from './helpers';

const root = tempArtifactRoot('pool');
test.after.always(() => removeDir(root));

const newPool = (size = 1) => new TrainerPool({ size, artifactRoot: root, backend: TEST_BACKEND });

/** Hundreds of epochs: runs until the test stops it. */
const longRequest = (trialId: string): TrainRequest =>
  tinyRequest({ trialId, targetEpochs: 500, dataset: { name: 'synthetic', trainSize: 256, validationSize: 32, splitSeed: 1 } });

/** Resolves at the first progress report of a run started with `hooks`. */
function firstProgress(): { onProgress: (p: TrainProgress) => void; reached: Promise<TrainProgress> } {
  let resolve: (p: TrainProgress) => void = () => undefined;
  const reached = new Promise<TrainProgress>((r) => (resolve = r));
  return { onProgress: (p) => resolve(p), reached };
}

test.serial('runs a trial in a child process, reporting progress per epoch and the backend', async (t) => {
  const pool = newPool();
  try {
    const progress: TrainProgress[] = [];
    const result = await pool.run(tinyRequest({ trialId: 'basic', targetEpochs: 2 }), { onProgress: (p) => progress.push(p) });
    t.deepEqual(progress.map((p) => [p.epochsDone, p.targetEpochs, p.checkpoint.epoch]), [[1, 2, 1], [2, 2, 2]]);
    t.deepEqual(result.history.map((m) => m.epoch), [1, 2]);
    t.deepEqual(result.checkpoint, { uri: 'search-test/basic/epoch-0002', epoch: 2 });
    t.true(result.params > 0 && result.flops > 0 && result.samplesPerSecond > 0);
    const info = await pool.backendInfo();
    t.deepEqual(result.backend, info);
    t.log(`backend ${info.name} (${info.package}); ${Math.round(result.samplesPerSecond)} samples/s`);
    t.is(pool.childPids().length, 1, 'the child stays alive for the next trial');
  } finally {
    await pool.close();
  }
});

test.serial('cancelling a running trial kills its child within seconds; the pool replaces it lazily', async (t) => {
  const pool = newPool();
  try {
    const controller = new AbortController();
    const started = firstProgress();
    const running = pool.run(longRequest('cancel-me'), { signal: controller.signal, onProgress: started.onProgress });
    await started.reached;
    const pid = pool.trialPid('cancel-me');
    t.truthy(pid);
    const abortedAt = Date.now();
    controller.abort();
    const err = await t.throwsAsync(running, { instanceOf: TrainingCancelledError });
    const took = Date.now() - abortedAt;
    t.log(`rejected ${took} ms after abort: ${err!.message}`);
    t.true(took < 3000);
    t.is(err!.name, 'TrainingCancelledError');
    t.false(processExists(pid!), 'the child process is gone (reaped, not a zombie)');
    t.deepEqual(pool.childPids(), []);
    const next = await pool.run(tinyRequest({ trialId: 'after-cancel' }));
    t.is(next.epochsDone, 1);
    t.notDeepEqual(pool.childPids(), [pid]);
  } finally {
    await pool.close();
  }
});

test.serial('cancelling a queued trial rejects it at once and leaves the running one alone', async (t) => {
  const pool = newPool(1);
  try {
    const first = new AbortController();
    const started = firstProgress();
    const running = pool.run(longRequest('runs'), { signal: first.signal, onProgress: started.onProgress });
    const second = new AbortController();
    const queued = pool.run(tinyRequest({ trialId: 'waits' }), { signal: second.signal });
    await started.reached;
    t.is(pool.trialPid('waits'), undefined, 'size 1: the second trial waits');
    second.abort();
    await t.throwsAsync(queued, { instanceOf: TrainingCancelledError, message: /cancelled while queued/ });
    t.truthy(pool.trialPid('runs'));
    first.abort();
    await t.throwsAsync(running, { instanceOf: TrainingCancelledError });
    await t.throwsAsync(pool.run(tinyRequest(), { signal: AbortSignal.abort() }), { instanceOf: TrainingCancelledError });
  } finally {
    await pool.close();
  }
});

test.serial('a child killed by SIGSEGV fails only its trial with TrainerCrashedError; the pool goes on', async (t) => {
  const pool = newPool();
  try {
    const started = firstProgress();
    const running = pool.run(longRequest('crashes'), { onProgress: started.onProgress });
    await started.reached;
    process.kill(pool.trialPid('crashes')!, 'SIGSEGV');
    const err = await t.throwsAsync(running, { instanceOf: TrainerCrashedError });
    t.is(err!.signal, 'SIGSEGV');
    t.is(err!.exitCode, null);
    t.false(err!.nonRetryable);
    t.regex(err!.message, /died \(signal SIGSEGV\) while training trial crashes/);
    t.true(Array.isArray(err!.stderrTail));
    const next = await pool.run(tinyRequest({ trialId: 'after-crash' }));
    t.is(next.epochsDone, 1);
  } finally {
    await pool.close();
  }
});

test.serial('errors thrown while training come back as TrainingError with the original message', async (t) => {
  const pool = newPool();
  try {
    const badPath = tinyRequest({ dataset: { name: 'idx', path: '/nonexistent/idx', trainSize: 10, validationSize: 10 } });
    const err = await t.throwsAsync(pool.run(badPath), { instanceOf: TrainingError });
    t.is(err!.message, "dataset.path '/nonexistent/idx' for dataset 'idx' does not exist");
    t.is(err!.causeName, 'InvalidTrainRequestError');
    t.true(err!.nonRetryable);
    t.regex(err!.childStack ?? '', /decodeIdx|datasetDir/);
    const badId = await t.throwsAsync(pool.run(tinyRequest({ trialId: '../escape' })), { instanceOf: TrainingError });
    t.regex(badId!.message, /trialId '\.\.\/escape' cannot be used as a folder name/);
    // A request for another backend than the pool's children run is refused, not silently ignored.
    const running = (await pool.backendInfo()).name;
    const other = running === 'cpu' ? 'wasm' : 'cpu';
    const mismatch = await t.throwsAsync(pool.run(tinyRequest({ backend: other })), { instanceOf: TrainingError });
    t.regex(mismatch!.message, new RegExp(`backend '${other}' was requested, but this trainer runs`));
    t.true(mismatch!.nonRetryable);
    // The child survived all three errors.
    t.is(pool.childPids().length, 1);
  } finally {
    await pool.close();
  }
});

test.serial('a pool whose backend cannot load reports it from backendInfo() and from every run', async (t) => {
  // Children inherit the environment: hiding the GPU makes 'tensorflow-gpu' unavailable everywhere.
  const saved = process.env.CUDA_VISIBLE_DEVICES;
  process.env.CUDA_VISIBLE_DEVICES = '-1';
  const pool = new TrainerPool({ size: 1, artifactRoot: root, backend: 'tensorflow-gpu' });
  try {
    const info = await t.throwsAsync(pool.backendInfo(), { instanceOf: TrainingError });
    t.is(info!.causeName, 'BackendUnavailableError');
    t.regex(info!.message, /Backend 'tensorflow-gpu' is unavailable.*npm run setup:gpu/);
    const run = await t.throwsAsync(pool.run(tinyRequest()), { instanceOf: TrainingError });
    t.is(run!.message, info!.message);
    t.true(run!.nonRetryable);
  } finally {
    await pool.close();
    if (saved === undefined) delete process.env.CUDA_VISIBLE_DEVICES;
    else process.env.CUDA_VISIBLE_DEVICES = saved;
  }
});

test.serial('at most `size` trials run at once; the rest queue and reuse the children', async (t) => {
  const pool = newPool(2);
  try {
    let maxChildren = 0;
    const seenPids = new Set<number>();
    const hooks = (trialId: string) => ({
      onProgress: () => {
        maxChildren = Math.max(maxChildren, pool.childPids().length);
        seenPids.add(pool.trialPid(trialId)!);
      },
    });
    const ids = ['q1', 'q2', 'q3', 'q4'];
    const results = await Promise.all(ids.map((id) => pool.run(tinyRequest({ trialId: id, targetEpochs: 2 }), hooks(id))));
    t.deepEqual(results.map((r) => r.trialId), ids);
    t.true(maxChildren <= 2);
    t.is(seenPids.size, 2, 'four trials on two long-lived children');
  } finally {
    await pool.close();
  }
});

test.serial('close() rejects running and queued trials, stops the children, and refuses new runs', async (t) => {
  const pool = newPool(1);
  const started = firstProgress();
  const running = pool.run(longRequest('closing'), { onProgress: started.onProgress });
  const queued = pool.run(tinyRequest({ trialId: 'never' }));
  await started.reached;
  const pid = pool.trialPid('closing')!;
  await pool.close();
  await t.throwsAsync(running, { instanceOf: TrainerPoolClosedError });
  await t.throwsAsync(queued, { instanceOf: TrainerPoolClosedError });
  t.false(processExists(pid));
  await t.throwsAsync(pool.run(tinyRequest()), { instanceOf: TrainerPoolClosedError });
});

test('each child gets its share of the cores as intra- and inter-op threads, at least one', (t) => {
  t.deepEqual(childThreadEnv(2, 1), { TF_NUM_INTRAOP_THREADS: '2', TF_NUM_INTEROP_THREADS: '2' });
  t.deepEqual(childThreadEnv(2, 2), { TF_NUM_INTRAOP_THREADS: '1', TF_NUM_INTEROP_THREADS: '1' });
  t.deepEqual(childThreadEnv(2, 4), { TF_NUM_INTRAOP_THREADS: '1', TF_NUM_INTEROP_THREADS: '1' });
  t.deepEqual(childThreadEnv(16, 3), { TF_NUM_INTRAOP_THREADS: '5', TF_NUM_INTEROP_THREADS: '5' });
});
