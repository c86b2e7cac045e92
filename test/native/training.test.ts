// Short training runs with every override on (and FlatAdamOptimizer with its fused update)
// against the stock kernels, gradients and AdamOptimizer: same losses within rounding, no
// tensors, pooling workspaces or Adam resource variables left behind.
import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { FlatAdamOptimizer } from '../../trainer/native/flat-adam';
import { pendingWorkspaces } from '../../trainer/native/max-pool-workspace';
import { relativeError, randomValues, useTensorflow, withOverridesAsync } from './helpers';

test.before(useTensorflow);

const INPUT: [number, number, number] = [12, 12, 1];

function cnn(): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: INPUT, filters: 8, kernelSize: 3, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2, padding: 'same' }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 16, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }));
  m.add(tf.layers.dense({ units: 4, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }));
  return m;
}

/** Every other activation of the search space, separable convs, concat, add, overlapping pools. */
function mixed(): tf.LayersModel {
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  const input = tf.input({ shape: INPUT });
  const stem = tf.layers.conv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'tanh', kernelInitializer: init(10) }).apply(input) as tf.SymbolicTensor;
  const a = tf.layers.separableConv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'selu', depthwiseInitializer: init(11), pointwiseInitializer: init(12) }).apply(stem) as tf.SymbolicTensor;
  const b = tf.layers.separableConv2d({ filters: 6, kernelSize: 5, padding: 'same', activation: 'elu', depthwiseInitializer: init(13), pointwiseInitializer: init(14) }).apply(stem) as tf.SymbolicTensor;
  const cat = tf.layers.concatenate({ axis: -1 }).apply([a, b]) as tf.SymbolicTensor;
  let y = tf.layers.conv2d({ filters: 6, kernelSize: 1, activation: 'relu', kernelInitializer: init(15) }).apply(cat) as tf.SymbolicTensor;
  y = tf.layers.add().apply([stem, y]) as tf.SymbolicTensor;
  y = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }).apply(y) as tf.SymbolicTensor;
  y = tf.layers.globalAveragePooling2d({}).apply(y) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 4, activation: 'softmax', kernelInitializer: init(16) }).apply(y) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

interface Run {
  losses: number[];
  weights: Float32Array[];
}

async function train(build: () => tf.LayersModel, on: boolean, x: tf.Tensor, y: tf.Tensor): Promise<Run> {
  return withOverridesAsync(on, async () => {
    const model = build();
    const optimizer = on ? new FlatAdamOptimizer(0.01) : tf.train.adam(0.01);
    model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const h = await model.fit(x, y, { epochs: 4, batchSize: 16, shuffle: false, verbose: 0 });
    const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
    model.dispose();
    optimizer.dispose();
    return { losses: h.history.loss as number[], weights };
  });
}

function data(seed: number): { x: tf.Tensor; y: tf.Tensor } {
  const n = 48;
  // MNIST-like: mostly exact zeros (so pools see ties), some strokes.
  const xs = randomValues(n * 144, seed, -1.5, 1).map((v) => Math.max(v, 0));
  const labels = Array.from(randomValues(n, seed + 1, 0, 4), Math.floor);
  return { x: tf.tensor4d(xs, [n, ...INPUT]), y: tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 4)) };
}

for (const [name, build] of [['cnn (relu, pools)', cnn], ['mixed (tanh, selu, elu, sepconv, concat, add)', mixed]] as const) {
  test.serial(`${name}: overrides on and off train to the same losses and weights`, async (t) => {
    const { x, y } = data(name.length);
    const before = tf.memory().numTensors;
    const off = await train(build, false, x, y);
    const on = await train(build, true, x, y);
    t.log(`losses off ${off.losses.map((l) => l.toFixed(6)).join(' ')}`);
    t.log(`losses on  ${on.losses.map((l) => l.toFixed(6)).join(' ')}`);
    const lossErr = relativeError(on.losses, off.losses);
    const weightErr = Math.max(...on.weights.map((w, i) => relativeError(w, off.weights[i]!)));
    t.log(`relative difference: losses ${lossErr.toExponential(2)}, weights ${weightErr.toExponential(2)}`);
    // Rounding-level differences (Sum, pooling with overlaps, the fused Adam update) compound
    // over the 12 steps; the losses stay equal to ~1e-7.
    t.true(lossErr < 1e-5, 'losses');
    t.true(weightErr < 1e-3, 'weights');
    // Training again with the overrides leaves nothing behind either: no tfjs tensors, and no
    // TensorFlow handles outside tfjs's accounting (Adam's resource variables, pool workspaces;
    // the bounded Reshape shape cache is already filled by the first run).
    const handles = () => (tf.backend() as unknown as { binding: { getNumOfTensors(): number } }).binding.getNumOfTensors();
    const handlesBefore = handles();
    const again = await train(build, true, x, y);
    t.is(handles(), handlesBefore, 'TensorFlow handles');
    t.deepEqual(again.losses, on.losses, 'deterministic');
    t.is(tf.memory().numTensors, before, 'no tensor left behind');
    t.is(pendingWorkspaces(), 0, 'no pooling workspace left behind');
    tf.dispose([x, y]);
  });
}
