// Trainings that cannot succeed fail with a typed error that survives the trip from the
// trainer child to the pool (and on into the activity's ApplicationFailure type), marked
// non-retryable where a retry would fail the same way.
import test from 'ava';
import { train } from '../../trainer/train';
import { TrainerPool } from '../../trainer/pool';
import { DivergenceError, TrainingError } from '../../trainer/errors';
import { toWireError } from '../../trainer/wire-error';
import { TEST_BACKEND, tinyRequest, trainerTestBed } from './helpers';

const { root, backend } = trainerTestBed('failures');

/** A learning rate of 10 with plain SGD blows the small conv net up within the first epoch. */
const diverging = tinyRequest({ trialId: 'diverges', training: { batchSize: 16, learningRate: 10, optimizer: 'sgd' } });

// On both training paths: the graph path's loss (cross-entropy on the logits, unclipped) runs
// to NaN or infinity where the eager one sticks near 16, and both must end the same way.
for (const step of ['eager', 'graph'] as const) {
  test.serial(`${step} path: an exploding loss ends the training with a non-retryable DivergenceError naming the fix`, async (t) => {
    const context = { artifactRoot: root, backend: backend(), step };
    const err = await t.throwsAsync(train({ ...diverging, trialId: `diverges-${step}` }, context), { instanceOf: DivergenceError });
    t.regex(err?.message ?? '', /diverged at epoch 1: loss .* lower training.learningRate/);
    t.true(err?.nonRetryable);
    // The same network at a sane rate trains, on the path asked for where it applies.
    const fine = await train({ ...diverging, trialId: `converges-${step}`, training: { ...diverging.training, learningRate: 0.05 } }, context);
    t.true(Number.isFinite(fine.final.loss));
    t.is(fine.trainingPath?.step, step === 'graph' && backend().name !== 'tensorflow' ? 'eager' : step, fine.trainingPath?.reason);
  });
}

test.serial('the error keeps its type across the trainer process boundary', async (t) => {
  const pool = new TrainerPool({ size: 1, artifactRoot: root, backend: TEST_BACKEND });
  try {
    const err = await t.throwsAsync(pool.run({ ...diverging, trialId: 'diverges-in-child' }), { instanceOf: TrainingError });
    t.is(err?.causeName, 'DivergenceError');
    t.true(err?.nonRetryable);
    t.regex(err?.message ?? '', /diverged/);
  } finally {
    await pool.close();
  }
});

test('memory errors from TensorFlow or V8 become a retryable OutOfMemoryError; deterministic tfjs errors are not retried', (t) => {
  const oom = toWireError(new Error('OOM when allocating tensor with shape[4096,4096,64] and type float'));
  t.is(oom.name, 'OutOfMemoryError');
  t.false(oom.nonRetryable);
  const buffer = toWireError(new RangeError('Array buffer allocation failed'));
  t.is(buffer.name, 'OutOfMemoryError');
  const kernel = toWireError(new Error("Kernel 'Foo' not registered for backend 'cpu'"));
  t.is(kernel.name, 'Error');
  t.true(kernel.nonRetryable);
});
