// Relu, Tanh and Selu gradient overrides against tfjs's own gradients (first and second order).
import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { firstBitDifference, randomTensor, randomValues, relativeError, tensorDelta, useTensorflow, withOverrides } from './helpers';

test.before(useTensorflow);

const EDGE = [NaN, -0, 0, 1, -1, Infinity, -Infinity, 1e-45, -1e-45, 20, -20, -100];

/** x: random values with every edge value sprinkled in; dy: random, with zeros and negatives. */
function inputs(n: number, seed: number, withNaN: boolean): { x: tf.Tensor; dy: tf.Tensor; nanAt: Set<number> } {
  const xs = randomValues(n, seed, -3, 3);
  const nanAt = new Set<number>();
  for (let i = 0; i < n; i += 29) {
    const v = EDGE[(i / 29) % EDGE.length]!;
    if (Number.isNaN(v) && !withNaN) continue;
    xs[i] = v;
    if (Number.isNaN(v)) nanAt.add(i);
  }
  const dys = randomValues(n, seed + 1, -2, 2);
  for (let i = 5; i < n; i += 41) dys[i] = 0;
  return { x: tf.tensor(xs, [n / 64, 8, 8]), dy: tf.tensor(dys, [n / 64, 8, 8]), nanAt };
}

function gradient(on: boolean, f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor, dy: tf.Tensor): Float32Array {
  return withOverrides(on, () => {
    const g = tf.grad(f)(x, dy);
    const v = g.dataSync() as Float32Array;
    g.dispose();
    return v;
  });
}

test.serial('Relu gradient: identical to tfjs except where x is NaN (0 instead of NaN)', async (t) => {
  const { x, dy, nanAt } = inputs(64 * 40, 1, true);
  const delta = await tensorDelta(() => {
    const on = gradient(true, tf.relu, x, dy);
    const off = gradient(false, tf.relu, x, dy);
    for (let i = 0; i < on.length; i++) {
      if (nanAt.has(i)) {
        t.true(Number.isNaN(off[i]!), 'tfjs: NaN');
        t.true(on[i] === 0, 'ReluGrad: 0 (signed like dy)');
      } else if (!Object.is(on[i], off[i])) {
        t.fail(`element ${i}: x=${x.dataSync()[i]} dy=${dy.dataSync()[i]} on=${on[i]} off=${off[i]}`);
        return;
      }
    }
    t.true(nanAt.size > 0);
  });
  t.is(delta, 0);
  tf.dispose([x, dy]);
});

test.serial('Tanh and Selu gradients are bit-identical to tfjs, edge values included', async (t) => {
  const { x, dy } = inputs(64 * 40, 2, true);
  const delta = await tensorDelta(() => {
    for (const [name, f] of [['tanh', tf.tanh], ['selu', tf.selu]] as const) {
      const on = gradient(true, f, x, dy);
      const off = gradient(false, f, x, dy);
      t.is(firstBitDifference(on, off), -1, name);
    }
  });
  t.is(delta, 0);
  tf.dispose([x, dy]);
});

test.serial('activations inside conv and dense layers give the same weight gradients', (t) => {
  const x = randomTensor([4, 9, 9, 3], 3);
  for (const activation of ['relu', 'tanh', 'selu', 'elu'] as const) {
    const kernel = randomTensor([3, 3, 3, 5], 4, -0.5, 0.5);
    const bias = randomTensor([5], 5, -0.1, 0.1);
    const grads = (on: boolean) => withOverrides(on, () => tf.tidy(() => {
      const f = (k: tf.Tensor, b: tf.Tensor) => {
        const y = tf.fused.conv2d({ x: x as tf.Tensor4D, filter: k as tf.Tensor4D, strides: 1, pad: 'same', bias: b, activation: activation === 'selu' || activation === 'tanh' ? 'linear' : activation });
        const z = activation === 'selu' ? tf.selu(y) : activation === 'tanh' ? tf.tanh(y) : y;
        return tf.sum(tf.mul(z, tf.sin(z)));
      };
      return tf.grads(f)([kernel, bias]).map((g) => g.dataSync() as Float32Array);
    }));
    const on = grads(true);
    const off = grads(false);
    for (let i = 0; i < 2; i++) t.true(relativeError(on[i]!, off[i]!) < 1e-6, `${activation} gradient ${i}: ${relativeError(on[i]!, off[i]!)}`);
    tf.dispose([kernel, bias]);
  }
  x.dispose();
});

test.serial('second-order gradients through the replaced gradients match tfjs where tfjs has them', async (t) => {
  // tfjs differentiates its own Tanh and Selu gradients only with respect to dy (the saved
  // tanh output is not connected to x on the tape, and Greater has no gradient); Relu's both ways.
  // Finite x only: at x = +Infinity tfjs's second-order Selu gradient is 0 * Infinity = NaN
  // (its where() differentiates both branches), where the replacement gives dy * scale.
  const x = randomTensor([4, 8, 8], 4, -3, 3);
  const dy = randomTensor([4, 8, 8], 6, -2, 2);
  const c = randomTensor(x.shape, 5);
  const delta = await tensorDelta(() => {
    for (const [name, f, wrtX] of [['relu', tf.relu, true], ['tanh', tf.tanh, false], ['selu', tf.selu, false]] as const) {
      const second = (on: boolean) => withOverrides(on, () => tf.tidy(() => {
        // Derivatives of sum(c * f'(x) * dy).
        const inner = (xx: tf.Tensor, dd: tf.Tensor) => tf.sum(tf.mul(c, tf.grad(f)(xx, dd)));
        const gdy = tf.grad((dd: tf.Tensor) => inner(x, dd))(dy).dataSync() as Float32Array;
        const gx = wrtX ? tf.grad((xx: tf.Tensor) => inner(xx, dy))(x).dataSync() as Float32Array : new Float32Array(0);
        return [gdy, gx];
      }));
      const on = second(true);
      const off = second(false);
      t.true(relativeError(on[0]!, off[0]!) < 1e-6, `${name} d/d(dy): ${relativeError(on[0]!, off[0]!)}`);
      t.true(relativeError(on[1]!, off[1]!) < 1e-6, `${name} d/dx: ${relativeError(on[1]!, off[1]!)}`);
    }
  });
  t.is(delta, 0);
  tf.dispose([x, dy, c]);
});

test.serial('Mean gradient (global average pooling, batch means) is bit-identical to tfjs', async (t) => {
  const x = randomTensor([6, 7, 5, 4], 7);
  const delta = await tensorDelta(() => {
    for (const [axis, keepDims] of [[[1, 2], false], [[1, 2], true], [[0], false], [[0, 1, 2, 3], false], [[3], true]] as const) {
      const grad = (on: boolean) => withOverrides(on, () => tf.tidy(() => {
        const w = randomTensor(tf.mean(x, axis as unknown as number[], keepDims).shape, 8);
        return tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(tf.mean(xx, axis as unknown as number[], keepDims), w)))(x).dataSync() as Float32Array;
      }));
      t.is(firstBitDifference(grad(true), grad(false)), -1, JSON.stringify({ axis, keepDims }));
    }
    // Second order, with respect to the upstream gradient.
    const second = (on: boolean) => withOverrides(on, () => tf.tidy(() => {
      const dy = randomTensor([6, 4], 9);
      const c = randomTensor(x.shape, 10);
      return tf.grad((d: tf.Tensor) => tf.sum(tf.mul(c, tf.grad((xx: tf.Tensor) => tf.mean(xx, [1, 2]))(x, d))))(dy).dataSync() as Float32Array;
    }));
    t.true(relativeError(second(true), second(false)) < 1e-6);
  });
  t.is(delta, 0);
  x.dispose();
});
