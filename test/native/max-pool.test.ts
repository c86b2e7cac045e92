// MaxPool / MaxPoolGrad overrides (oneDNN with a workspace) against tfjs-node's stock kernels.
import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { oneDnnPoolingAvailable, pendingWorkspaces } from '../../trainer/native/max-pool-workspace';
import { nodeBackend } from '../../trainer/native/tf-native';
import { firstBitDifference, randomTensor, randomValues, relativeError, tensorDelta, useTensorflow, withOverrides } from './helpers';

test.before(useTensorflow);

type Pad = 'valid' | 'same';

/** Pool output and input gradient of sum(maxPool(x) * dy), computed as training does (under a tape). */
function poolAndGrad(on: boolean, x: tf.Tensor4D, k: number, s: number, pad: Pad, dySeed: number) {
  return withOverrides(on, () => tf.tidy(() => {
    let y: tf.Tensor | undefined;
    const g = tf.grad((xx: tf.Tensor) => {
      // Kept: the forward pass's own scope would dispose it.
      y = tf.keep(tf.maxPool(xx as tf.Tensor4D, k, s, pad));
      return tf.sum(tf.mul(y, randomTensor(y.shape, dySeed)));
    })(x);
    const values = y!.dataSync() as Float32Array;
    y!.dispose();
    return { y: values, g: g.dataSync() as Float32Array };
  }));
}

/** Activations as a ReLU layer leaves them: many exact zeros, so many tied windows. */
function reluLike(shape: number[], seed: number): tf.Tensor4D {
  return tf.tidy(() => tf.relu(randomTensor(shape, seed)) as tf.Tensor4D);
}

test.serial('the oneDNN pooling ops are available on this build (else the overrides stay stock)', (t) => {
  t.true(oneDnnPoolingAvailable(nodeBackend(tf.backend())));
});

test.serial('non-overlapping pools: same outputs and bit-identical gradients, ties included', async (t) => {
  const cases: Array<[number[], number, Pad]> = [
    [[64, 26, 26, 32], 2, 'valid'], [[8, 11, 11, 16], 2, 'valid'], [[8, 11, 11, 16], 2, 'same'],
    [[4, 14, 14, 8], 3, 'same'], [[4, 13, 10, 3], 3, 'valid'], [[2, 5, 7, 1], 2, 'same'],
  ];
  const delta = await tensorDelta(() => {
    for (const [i, [shape, k, pad]] of cases.entries()) {
      for (const input of ['relu', 'constant-regions'] as const) {
        // Constant regions: ties at positive values (a conv over a flat background gives its bias).
        const x = input === 'relu' ? reluLike(shape, i) : tf.tidy(() => tf.round(tf.mul(randomTensor(shape, i + 50, 0, 1), 2)) as tf.Tensor4D);
        const on = poolAndGrad(true, x, k, k, pad, 100 + i);
        const off = poolAndGrad(false, x, k, k, pad, 100 + i);
        const label = JSON.stringify({ shape, k, pad, input });
        t.is(firstBitDifference(on.y, off.y), -1, `${label}: outputs`);
        t.is(firstBitDifference(on.g, off.g), -1, `${label}: gradients`);
        x.dispose();
      }
    }
  });
  t.is(delta, 0);
  t.is(pendingWorkspaces(), 0, 'every workspace was consumed by its gradient');
});

test.serial('edge values: +-0, -Infinity, all-equal windows; a NaN first in its window is the one difference', (t) => {
  const N = NaN;
  const I = Infinity;
  const windows = [[1, 2, 3, 4], [5, 5, 5, 5], [1, 7, 7, 2], [0, -0, 0, 0], [-0, 0, 0, 0], [-I, -I, -I, -I],
    [-I, -5, -I, -I], [I, I, 1, 2], [1, N, 2, 3], [1, 2, 3, N], [N, N, N, N], [N, 1, 2, 3]];
  const values: number[] = [];
  for (const w of windows) values.push(...w);
  // Each window is a separate image [2, 2, 1], so the windows do not interact.
  const x = tf.tensor4d(values, [windows.length, 2, 2, 1]);
  const on = poolAndGrad(true, x, 2, 2, 'valid', 7);
  const off = poolAndGrad(false, x, 2, 2, 'valid', 7);
  t.is(firstBitDifference(on.y, off.y), -1, 'outputs');
  const last = windows.length - 1;
  t.is(firstBitDifference(on.g.slice(0, 4 * last), off.g.slice(0, 4 * last)), -1, 'gradients of all other windows');
  // [NaN, 1, 2, 3]: the pool returns 3; TensorFlow's MaxPoolGrad routes the gradient to the NaN,
  // oneDNN to the 3 that was returned.
  const dyLast = on.g.slice(4 * last).find((v) => v !== 0);
  t.deepEqual(Array.from(off.g.slice(4 * last)).map((v) => v !== 0), [true, false, false, false]);
  t.deepEqual(Array.from(on.g.slice(4 * last)).map((v) => v !== 0), [false, false, false, true]);
  t.is(dyLast, off.g[4 * last]);
  x.dispose();
});

test.serial('overlapping pools: same outputs, gradients equal up to float32 summation order', (t) => {
  const cases: Array<[number[], number, number, Pad]> = [
    [[8, 13, 13, 8], 3, 2, 'same'], [[8, 13, 13, 8], 3, 1, 'valid'], [[4, 12, 12, 16], 2, 1, 'same'], [[4, 9, 9, 4], 3, 2, 'valid'],
  ];
  let worst = 0;
  for (const [i, [shape, k, s, pad]] of cases.entries()) {
    const x = randomTensor(shape, 200 + i) as tf.Tensor4D;
    const on = poolAndGrad(true, x, k, s, pad, 300 + i);
    const off = poolAndGrad(false, x, k, s, pad, 300 + i);
    t.is(firstBitDifference(on.y, off.y), -1);
    const err = relativeError(on.g, off.g);
    worst = Math.max(worst, err);
    t.true(err < 1e-6, `${JSON.stringify({ shape, k, s, pad })}: ${err}`);
    x.dispose();
  }
  t.log(`worst relative error ${worst.toExponential(2)}`);
  t.is(pendingWorkspaces(), 0);
});

test.serial('outside a gradient the forward kernel is stock and keeps no workspace', (t) => {
  withOverrides(true, () => {
    const x = reluLike([2, 6, 6, 3], 9);
    const y = tf.maxPool(x, 2, 2, 'valid');
    t.is(pendingWorkspaces(), 0);
    // A MaxPoolGrad without a recorded forward falls back to the stock kernel.
    const dy = randomTensor(y.shape, 10);
    const g = tf.engine().runKernel(tf.MaxPoolGrad, { dy, input: x, output: y }, { filterSize: 2, strides: 2, pad: 'valid' }) as tf.Tensor;
    const ref = withOverrides(false, () => tf.engine().runKernel(tf.MaxPoolGrad, { dy, input: x, output: y }, { filterSize: 2, strides: 2, pad: 'valid' }) as tf.Tensor);
    t.is(firstBitDifference(g.dataSync(), ref.dataSync()), -1);
    tf.dispose([x, y, dy, g, ref]);
  });
});

test.serial('workspaces of forward passes that never get a gradient are freed once their outputs are gone', async (t) => {
  withOverrides(true, () => undefined);
  const x = reluLike([2, 6, 6, 3], 11);
  const delta = await tensorDelta(() => {
    // Record forward passes under a tape whose gradient does not involve the pool.
    for (let i = 0; i < 5; i++) {
      tf.tidy(() => {
        const w = tf.scalar(2);
        tf.grad((ww: tf.Tensor) => {
          tf.maxPool(x, 2, 2, 'valid');
          return tf.mul(ww, ww);
        })(w);
      });
    }
    t.true(pendingWorkspaces() <= 1, `at most the latest is still held (${pendingWorkspaces()})`);
    // The next recorded pool sweeps the stale ones; its own is consumed by its gradient.
    tf.tidy(() => {
      tf.grad((xx: tf.Tensor) => tf.sum(tf.maxPool(xx as tf.Tensor4D, 2, 2, 'valid')))(x);
    });
    t.is(pendingWorkspaces(), 0);
  });
  t.is(delta, 0);
  x.dispose();
});

test.serial('the values a pool gradient routes are those of dy (random data, spot check)', (t) => {
  const x = tf.tensor4d(randomValues(2 * 4 * 4 * 1, 12), [2, 4, 4, 1]);
  const on = poolAndGrad(true, x, 2, 2, 'valid', 13);
  const dy = randomTensor([2, 2, 2, 1], 13).dataSync();
  const routed = Array.from(on.g).filter((v) => v !== 0).sort();
  t.deepEqual(routed, Array.from(dy).sort());
  x.dispose();
});
