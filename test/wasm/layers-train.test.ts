// Layer-level checks on the wasm backend with the training kernels registered:
// gradients of whole small models match the cpu backend, and a small
// conv + separable conv + pool + dense model trains (its loss falls).
import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { randomValues, relativeError, REL_TOL, setupWasm } from './helpers';
import { registerWasmTrainingKernels, wasmKernelReplacements, wasmTrainingKernelConfigs } from '../../trainer/wasm/register-all';

const L = tf.layers;
const INPUT: [number, number, number] = [9, 9, 3];
const CLASSES = 4;

function head(x: tf.SymbolicTensor): tf.SymbolicTensor {
  const f = x.shape.length > 2 ? (L.flatten().apply(x) as tf.SymbolicTensor) : x;
  return L.dense({ units: CLASSES, activation: 'softmax' }).apply(f) as tf.SymbolicTensor;
}

function chain(...layers: tf.layers.Layer[]): () => tf.LayersModel {
  return () => {
    const input = tf.input({ shape: INPUT });
    let x: tf.SymbolicTensor = input;
    for (const l of layers) x = l.apply(x) as tf.SymbolicTensor;
    return tf.model({ inputs: input, outputs: head(x) });
  };
}

// Fresh layer objects per model: build each case lazily.
const models: Record<string, () => tf.LayersModel> = {
  'conv2d k3 s1 relu': () => chain(L.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }))(),
  'conv2d k5 s2 elu': () => chain(L.conv2d({ filters: 4, kernelSize: 5, strides: 2, padding: 'same', activation: 'elu' }))(),
  'conv2d k3 s2 x2 (input grad) tanh/selu': () => chain(
    L.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'tanh' }),
    L.conv2d({ filters: 5, kernelSize: 3, strides: 2, padding: 'same', activation: 'selu' }))(),
  'separableConv2d s1 + s2': () => chain(
    L.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
    L.separableConv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'relu' }),
    L.separableConv2d({ filters: 6, kernelSize: 5, strides: 2, padding: 'same' }))(),
  'depthwiseConv2d multiplier 2, s1 + s2': () => chain(
    L.conv2d({ filters: 3, kernelSize: 1, padding: 'same' }),
    L.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', activation: 'relu' }),
    L.depthwiseConv2d({ kernelSize: 3, strides: 2, padding: 'same' }))(),
  'maxPooling2d p2 s2 / p3 s1': () => chain(
    L.conv2d({ filters: 4, kernelSize: 3, padding: 'same' }),
    L.maxPooling2d({ poolSize: 3, strides: 1, padding: 'same' }),
    L.maxPooling2d({ poolSize: 2, strides: 2, padding: 'same' }))(),
  'averagePooling2d p3 s2 / p2 s1': () => chain(
    L.conv2d({ filters: 4, kernelSize: 3, padding: 'same' }),
    L.averagePooling2d({ poolSize: 2, strides: 1, padding: 'same' }),
    L.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same' }))(),
  // No conv bias before batch norm: its true gradient is 0 (BN removes it), so
  // only rounding noise would be compared.
  'batchNormalization': () => chain(
    L.conv2d({ filters: 4, kernelSize: 3, padding: 'same', useBias: false }),
    L.batchNormalization(),
    L.activation({ activation: 'relu' }))(),
  'dense relu/elu/tanh/selu': () => chain(
    L.flatten(),
    L.dense({ units: 8, activation: 'relu' }),
    L.dense({ units: 8, activation: 'elu' }),
    L.dense({ units: 8, activation: 'tanh' }),
    L.dense({ units: 8, activation: 'selu' }))(),
  'cell: add + concatenate': () => {
    const input = tf.input({ shape: INPUT });
    const a = L.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(input) as tf.SymbolicTensor;
    const b = L.separableConv2d({ filters: 4, kernelSize: 3, padding: 'same' }).apply(a) as tf.SymbolicTensor;
    const c = L.add().apply([a, b]) as tf.SymbolicTensor;
    const d = L.averagePooling2d({ poolSize: 3, strides: 1, padding: 'same' }).apply(c) as tf.SymbolicTensor;
    const e = L.concatenate().apply([c, d]) as tf.SymbolicTensor;
    const f = L.conv2d({ filters: 4, kernelSize: 1, strides: 2, padding: 'same' }).apply(e) as tf.SymbolicTensor;
    return tf.model({ inputs: input, outputs: head(f) });
  },
};

test.before(async () => {
  await setupWasm();
});

test.serial('registerWasmTrainingKernels is idempotent; replaces only the listed broken native kernels', (t) => {
  const ours = [...wasmTrainingKernelConfigs, ...wasmKernelReplacements];
  const before = ours.map((c) => tf.getKernel(c.kernelName, 'wasm'));
  registerWasmTrainingKernels();
  registerWasmTrainingKernels();
  const after = ours.map((c) => tf.getKernel(c.kernelName, 'wasm'));
  t.deepEqual(after, before);
  for (const c of ours) t.is(tf.getKernel(c.kernelName, 'wasm')?.kernelFunc, c.kernelFunc, c.kernelName);
  t.deepEqual(wasmKernelReplacements.map((c) => c.kernelName), [tf.MaxPoolGrad]);
  // Other gradient kernels the package has natively stay the package's.
  for (const name of [tf.Conv2DBackpropInput, tf.AvgPoolGrad, tf.EluGrad]) {
    const k = tf.getKernel(name, 'wasm');
    t.truthy(k, name);
    t.false(ours.some((c) => c.kernelFunc === k?.kernelFunc), name);
  }
});

function gradients(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): Float32Array[] {
  return tf.tidy(() => {
    const { grads } = tf.variableGrads(() => {
      const out = model.apply(x, { training: true }) as tf.Tensor;
      return tf.mean(tf.metrics.categoricalCrossentropy(y, out)) as tf.Scalar;
    }, model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val));
    return Object.values(grads).map((g) => g.dataSync() as Float32Array);
  });
}

for (const fast of [false, true]) {
const suffix = fast ? ' (fastNativeReplacements)' : '';

test.serial(`whole-model gradients on wasm match cpu for every layer kind${suffix}`, async (t) => {
  registerWasmTrainingKernels({ fastNativeReplacements: fast });
  for (const [i, [name, make]] of Object.entries(models).entries()) {
    await tf.setBackend('cpu');
    const model = make();
    const batch = 3;
    const x = tf.tensor4d(randomValues([batch, ...INPUT], 70 + i), [batch, ...INPUT]);
    const y = tf.oneHot(tf.tensor1d([0, 2, 3], 'int32'), CLASSES);
    const ref = gradients(model, x, y);
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const got = gradients(model, x, y);
    t.is(tf.memory().numTensors, before, `${name}: tensors leaked`);
    t.is(got.length, ref.length, name);
    let worst = 0;
    for (let j = 0; j < ref.length; j++) {
      const err = relativeError(got[j]!, ref[j]!);
      worst = Math.max(worst, err);
      t.true(err < REL_TOL, `${name}: weight ${model.trainableWeights[j]?.name} relative error ${err}`);
    }
    t.log(`${name}: ${ref.length} weight gradients, worst relative error ${worst.toExponential(2)}`);
    model.dispose();
    tf.dispose([x, y]);
  }
});

test.serial(`a conv + separable conv + pool + dense model trains on wasm (loss falls, no leaks)${suffix}`, async (t) => {
  registerWasmTrainingKernels({ fastNativeReplacements: fast });
  await tf.setBackend('wasm');
  const n = 32;
  // Synthetic 4-class data: class k lights up the k-th quadrant of a 12x12 image, plus noise.
  const noise = randomValues([n, 12, 12, 1], 9);
  const xs = new Float32Array(n * 144);
  const labels: number[] = [];
  for (let s = 0; s < n; s++) {
    const k = s % 4;
    labels.push(k);
    for (let r = 0; r < 12; r++)
      for (let c = 0; c < 12; c++) {
        const q = (r < 6 ? 0 : 2) + (c < 6 ? 0 : 1);
        xs[s * 144 + r * 12 + c] = (q === k ? 1 : 0) + 0.3 * noise[s * 144 + r * 12 + c]!;
      }
  }
  const x = tf.tensor4d(xs, [n, 12, 12, 1]);
  const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 4);
  const model = tf.sequential({
    layers: [
      L.conv2d({ inputShape: [12, 12, 1], filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }),
      L.separableConv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
      L.maxPooling2d({ poolSize: 2, strides: 2, padding: 'same' }),
      L.flatten(),
      L.dense({ units: 4, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
  // One step first so that optimizer slots exist before counting tensors.
  await model.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0, shuffle: false });
  const before = tf.memory().numTensors;
  const h = await model.fit(x, y, { epochs: 8, batchSize: 16, verbose: 0, shuffle: false });
  t.is(tf.memory().numTensors, before, 'tensors leaked across training steps');
  const losses = h.history['loss'] as number[];
  t.log(`loss per epoch: ${losses.map((l) => l.toFixed(3)).join(' ')}`);
  t.true(losses.every(Number.isFinite));
  t.true(losses[losses.length - 1]! < 0.5 * losses[0]!, `loss did not fall: ${losses.join(', ')}`);
  model.dispose();
  tf.dispose([x, y]);
});

}

test.serial('known tfjs-core limitation: dilated conv gradients throw before any kernel runs', async (t) => {
  await tf.setBackend('wasm');
  const model = chain(L.conv2d({ filters: 2, kernelSize: 3, dilationRate: 2, padding: 'same' }))();
  const x = tf.zeros([1, ...INPUT]);
  const y = tf.oneHot(tf.tensor1d([1], 'int32'), CLASSES);
  t.throws(() => gradients(model, x, y), { message: /dilation rates greater than 1/ });
  model.dispose();
  tf.dispose([x, y]);
});
