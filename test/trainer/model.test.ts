// Model building: parameter and FLOP counts against a hand computation, seeded
// initialisation, and the trainable dilated convolution against independent references.
// Runs on whatever backend 'auto' selects (or NAS_TEST_BACKEND).
import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../trainer/backend';
import { InvalidTrainRequestError } from '../../trainer/errors';
import { atrousConv2dSame } from '../../trainer/model/atrous';
import { buildModel, checkedCosts } from '../../trainer/model/build';
import { compileChain } from '../../domain/spaces/chain';
import { ALL_OPS, TEST_BACKEND } from './helpers';

test.before(async () => {
  await selectBackend(TEST_BACKEND, { log: () => undefined });
});

test.serial('params and FLOPs of a small architecture match a hand computation', (t) => {
  // ALL_OPS on 12x12x1 input with 4 classes, layer by layer (output shape, params, MACs):
  //  conv 3x3 s1, 1->4:         12x12x4  params 3*3*1*4+4 = 40         MACs 12*12*9*1*4 = 5184
  //  sepconv 3x3 s2, 4->4:       6x6x4   params 3*3*4 + 4*4 + 4 = 56   MACs 6*6*(9*4 + 4*4) = 1872
  //  dilconv 3x3 d2, 4->4:       6x6x4   params 3*3*4*4+4 = 148        MACs 6*6*9*4*4 = 5184
  //  maxpool 2 s2:               3x3x4   0                             0
  //  avgpool 3 s1 (same):        3x3x4   0                             0
  //  flatten 36, dense 8:        8       params 36*8+8 = 296           MACs 36*8 = 288
  //  head dense 4:               4       params 8*4+4 = 36             MACs 8*4 = 32
  const params = 40 + 56 + 148 + 296 + 36;
  const flops = 2 * (5184 + 1872 + 5184 + 288 + 32);
  const model = buildModel(ALL_OPS, [12, 12, 1], 4, 1);
  try {
    t.is(model.countParams(), params);
    t.is(checkedCosts(ALL_OPS, [12, 12, 1], 4).flops, flops);
    t.deepEqual(checkedCosts(ALL_OPS, [12, 12, 1], 4).nodes.slice(1).map((c) => c.output), [[12, 12, 4], [6, 6, 4], [6, 6, 4], [3, 3, 4], [3, 3, 4], [8], [4]]);
    // tfjs agrees with our shape inference.
    t.deepEqual(model.outputs[0].shape, [null, 4]);
    t.deepEqual(model.getLayer('l4_avgpool').outputShape, [null, 3, 3, 4]);
    t.deepEqual(model.layers.map((l) => l.name), ['input', 'l0_conv', 'l1_sepconv', 'l2_dilconv', 'l3_maxpool', 'l4_avgpool', 'l5_dense_flatten', 'l5_dense', 'head']);
  } finally {
    model.dispose();
  }
});

test.serial('odd sizes: strided same-padding rounds up, and a chain without dense layers gets flatten + head', (t) => {
  const arch = { type: 'chain' as const, layers: [{ op: 'maxpool' as const, poolSize: 3 as const, strides: 2 as const }] };
  // 7x5x3 -> ceil(7/2) x ceil(5/2) = 4x3x3 -> flatten 36 -> head 10: 36*10+10 params.
  const model = buildModel(compileChain(arch), [7, 5, 3], 10, 1);
  try {
    t.is(model.countParams(), 370);
    t.is(checkedCosts(compileChain(arch), [7, 5, 3], 10).flops, 2 * 36 * 10);
    t.deepEqual(model.layers.map((l) => l.name), ['input', 'l0_maxpool', 'head_flatten', 'head']);
  } finally {
    model.dispose();
  }
});

test.serial('initial weights are fixed by the seed', (t) => {
  const weights = (seed: number) => {
    const model = buildModel(ALL_OPS, [12, 12, 1], 4, seed);
    const values = model.getWeights().map((w) => Array.from(w.dataSync()));
    model.dispose();
    return values;
  };
  const a = weights(5);
  t.deepEqual(weights(5), a);
  const b = weights(6);
  t.notDeepEqual(b[0], a[0]);
  // Distinct layers draw distinct seeds: the two sepconv kernels are not the same numbers.
  t.notDeepEqual(a[2].slice(0, 9), a[3].slice(0, 9));
});

test.serial('spatial layers after a dense layer and bad parameters are rejected naming the node', (t) => {
  const arch = {
    type: 'chain' as const,
    layers: [{ op: 'dense' as const, units: 4, activation: 'relu' as const }, { op: 'maxpool' as const, poolSize: 2 as const, strides: 2 as const }],
  };
  t.throws(() => buildModel(compileChain(arch), [8, 8, 1], 2, 1), { instanceOf: InvalidTrainRequestError, message: /node 'l1_maxpool' \(maxpool\): needs a spatial \[h, w, c\] input, got flat \[4\]/ });
  const bad = { type: 'chain' as const, layers: [{ op: 'dilconv' as const, filters: 2, kernelSize: 3, dilation: 4 as unknown as 2, activation: 'relu' as const }] };
  t.throws(() => buildModel(compileChain(bad), [8, 8, 1], 2, 1), { message: /node 'l0_dilconv' \(dilconv\): parameter 'dilation' must be one of 2, 3, got 4/ });
});

/** Largest |a - b| relative to the largest |b|. */
function relErr(a: tf.Tensor, b: tf.Tensor): number {
  const [x, y] = [a.dataSync(), b.dataSync()];
  let diff = 0;
  let scale = 1e-12;
  for (let i = 0; i < y.length; i++) {
    diff = Math.max(diff, Math.abs(x[i] - y[i]));
    scale = Math.max(scale, Math.abs(y[i]));
  }
  return diff / scale;
}

/** The k x k kernel spread to ((k-1)r+1)^2 taps with zeros between, by a constant 0/1 matrix (so it is differentiable). */
function dilateKernel(kernel: tf.Tensor4D, rate: number): tf.Tensor4D {
  const [k, , cin, cout] = kernel.shape;
  const big = (k - 1) * rate + 1;
  const spread = tf.buffer([big * big, k * k]);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) spread.set(1, i * rate * big + j * rate, i * k + j);
  return tf.matMul(spread.toTensor(), kernel.reshape([k * k, cin * cout])).reshape([big, big, cin, cout]);
}

test.serial('the space-to-batch dilated conv equals tf.conv2d with dilations, and its gradients a zero-spread kernel', (t) => {
  const cases: Array<[number, number, number, number]> = [[7, 8, 3, 2], [8, 8, 3, 3], [5, 6, 5, 2], [6, 7, 2, 2], [1, 2, 3, 3]];
  cases.forEach(([h, w, k, rate], n) => {
    tf.tidy(() => {
      const x = tf.randomNormal([2, h, w, 3], 0, 1, 'float32', 10 + n) as tf.Tensor4D;
      const kernel = tf.randomNormal([k, k, 3, 4], 0, 1, 'float32', 20 + n) as tf.Tensor4D;
      // Forward: against tfjs's own dilated conv (forward is supported, only its gradient is not).
      const ours = atrousConv2dSame(x, kernel, rate);
      t.deepEqual(ours.shape, [2, h, w, 4]);
      t.true(relErr(ours, tf.conv2d(x, kernel, 1, 'same', 'NHWC', rate)) < 1e-5, `forward ${[h, w, k, rate]}`);
      // Backward: against an ordinary (dilation 1) conv with the kernel spread out by zeros.
      const dy = tf.randomNormal([2, h, w, 4], 0, 1, 'float32', 30 + n);
      const f = (xx: tf.Tensor, kk: tf.Tensor) => atrousConv2dSame(xx as tf.Tensor4D, kk as tf.Tensor4D, rate).mul(dy).sum();
      const g = (xx: tf.Tensor, kk: tf.Tensor) => tf.conv2d(xx as tf.Tensor4D, dilateKernel(kk as tf.Tensor4D, rate), 1, 'same').mul(dy).sum();
      const [dxOurs, dkOurs] = tf.grads(f)([x, kernel]);
      const [dxRef, dkRef] = tf.grads(g)([x, kernel]);
      t.true(relErr(dxOurs, dxRef) < 1e-5, `dx ${[h, w, k, rate]}`);
      t.true(relErr(dkOurs, dkRef) < 1e-5, `dkernel ${[h, w, k, rate]}`);
    });
  });
});
