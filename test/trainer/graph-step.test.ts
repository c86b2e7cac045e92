// The graph path (trainer/graph/: whole training steps as TensorFlow graphs) against the eager
// path it must reproduce: same seeds, same loss curves within float tolerance; resume from a
// checkpoint exact; checkpoints interchangeable between the paths; models it does not cover
// fall back to eager with the reason. Where the tensorflow backend runs, the graph_step addon
// must be built (npm ci / npm run postinstall builds it): these tests fail, not skip, without it.
import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { loadGraphStepAddon } from '../../trainer/graph/addon';
import { openGraphTrainer, stepPathChoice } from '../../trainer/graph/select';
import { sessionConfig } from '../../trainer/graph/session-config';
import { reluGradSetting } from '../../trainer/graph/gradient-rewrites';
import { buildStepGraph } from '../../trainer/graph/step-graph';
import { train } from '../../trainer/train';
import type { TrainRequest, TrainResult } from '../../contracts/training';
import type { StepPathChoice } from '../../trainer/graph/select';
import { ALL_OPS, SMALL_CONV, tinyRequest, trainerTestBed } from './helpers';

const { root, backend } = trainerTestBed('graph-step');

const run = (request: TrainRequest, step: StepPathChoice) => train(request, { artifactRoot: root, backend: backend(), step });
const native = () => backend().name === 'tensorflow';

const MNIST = { name: 'mnist' as const, trainSize: 192, validationSize: 64, splitSeed: 3 };

/** Relative closeness of two metric curves. */
function assertClose(t: import('ava').ExecutionContext, a: TrainResult, b: TrainResult, tol: number): void {
  for (const key of ['loss', 'valLoss'] as const) {
    const x = a.history.map((h) => h[key]);
    const y = b.history.map((h) => h[key]);
    t.log(`${key}: ${x.map((v) => v.toFixed(6)).join(' ')} vs ${y.map((v) => v.toFixed(6)).join(' ')}`);
    x.forEach((v, i) => t.true(Math.abs(v - y[i]!) <= tol * Math.max(1, Math.abs(v)), `${key} epoch ${i + 1}: ${v} vs ${y[i]}`));
  }
}

test.serial('the addon is built where the tensorflow backend runs', (t) => {
  if (!native()) {
    t.log(`backend ${backend().name}: the graph path does not apply`);
    t.pass();
    return;
  }
  const addon = loadGraphStepAddon(backend().package);
  t.true(addon.ok, addon.ok ? '' : `${addon.reason}`);
});

const CURVES = [
  ['conv/pool/dense chain', SMALL_CONV, 'adam', 0.003],
  ['every op kind', ALL_OPS, 'adam', 0.003],
  // SGD once passed for Adam here (tfjs's Optimizer[Symbol.hasInstance] accepts any optimizer).
  ['every op kind, sgd', ALL_OPS, 'sgd', 0.05],
] as const;

for (const [label, architecture, optimizer, learningRate] of CURVES) {
  test.serial(`${label}: graph and eager give the same loss curve over 3 epochs`, async (t) => {
    const request = tinyRequest({ architecture, dataset: MNIST, targetEpochs: 3, training: { batchSize: 32, learningRate, optimizer } });
    const eager = await run({ ...request, trialId: `eager-${label.length}` }, 'eager');
    const before = tf.memory().numTensors;
    const graph = await run({ ...request, trialId: `graph-${label.length}` }, 'graph');
    t.is(tf.memory().numTensors, before, 'no tensor left behind');
    t.is(eager.trainingPath?.step, 'eager');
    if (!native()) {
      t.is(graph.trainingPath?.step, 'eager');
      t.regex(graph.trainingPath?.reason ?? '', /tensorflow backend/);
      return;
    }
    t.is(graph.trainingPath?.step, 'graph', graph.trainingPath?.reason);
    assertClose(t, graph, eager, 2e-3);
    graph.history.forEach((h, i) => t.true(Math.abs(h.accuracy - eager.history[i]!.accuracy) <= 0.02, `accuracy epoch ${i + 1}`));
  });
}

const strip = (r: TrainResult) => r.history.map(({ seconds, ...m }) => m);

for (const optimizer of ['adam', 'sgd'] as const) {
  test.serial(`graph path, ${optimizer}: resuming from a mid-run checkpoint gives exactly the uninterrupted run`, async (t) => {
    const request = tinyRequest({ architecture: ALL_OPS, dataset: MNIST, training: { batchSize: 32, learningRate: optimizer === 'adam' ? 0.003 : 0.05, optimizer } });
    const full = await run({ ...request, trialId: `resume-full-${optimizer}`, targetEpochs: 3 }, 'graph');
    const part = await run({ ...request, trialId: `resume-part-${optimizer}`, targetEpochs: 1 }, 'graph');
    const rest = await run({ ...request, trialId: `resume-part-${optimizer}`, targetEpochs: 3, resumeFrom: part.checkpoint }, 'graph');
    t.is(rest.trainingPath?.step, native() ? 'graph' : 'eager');
    t.deepEqual([...strip(part), ...strip(rest)], strip(full));
    t.is(rest.memory?.numTensors, 0, 'no tensor left behind');
  });
}

test.serial('checkpoints cross paths: eager epoch 1, then graph epochs 2-3, match eager throughout', async (t) => {
  const request = tinyRequest({ architecture: SMALL_CONV, dataset: MNIST, training: { batchSize: 32, learningRate: 0.003, optimizer: 'adam' } });
  const eager = await run({ ...request, trialId: 'cross-eager', targetEpochs: 3 }, 'eager');
  const first = await run({ ...request, trialId: 'cross-mixed', targetEpochs: 1 }, 'eager');
  const rest = await run({ ...request, trialId: 'cross-mixed', targetEpochs: 3, resumeFrom: first.checkpoint }, 'graph');
  const back = await run({ ...request, trialId: 'cross-back', targetEpochs: 3, resumeFrom: rest.checkpoint }, 'eager');
  t.is(back.epochsDone, 3);
  const mixed = { ...rest, history: [...first.history, ...rest.history] };
  assertClose(t, mixed, eager, 2e-3);
});

test.serial('a model the graph path does not cover trains on the eager path, which says why', async (t) => {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [4], units: 3, activation: 'relu' }),
      tf.layers.dropout({ rate: 0.5, name: 'drop' }),
      tf.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
  const optimizer = tf.train.adam(0.01);
  const split = { shape: [2, 2, 1] as [number, number, number], numClasses: 2, train: { count: 2, images: new Float32Array(8), labels: new Uint8Array(2) }, validation: { count: 2, images: new Float32Array(8), labels: new Uint8Array(2) } };
  const opened = openGraphTrainer(model, optimizer, split, backend(), 'auto');
  t.is(opened.trainer, undefined);
  t.is(opened.path.step, 'eager');
  t.regex(opened.path.reason ?? '', native() ? /layer 'drop' \(Dropout\) has no graph translator/ : /tensorflow backend/);
  const eager = openGraphTrainer(model, optimizer, split, backend(), 'eager');
  t.deepEqual(eager.path, { step: 'eager', reason: 'NAS_TRAIN_STEP=eager' });
  model.dispose();
  optimizer.dispose();
});

test('NAS_TRAIN_STEP: auto by default, a bad value names the variable and the choices', (t) => {
  t.is(stepPathChoice({}), 'auto');
  t.is(stepPathChoice({ NAS_TRAIN_STEP: '' }), 'auto');
  t.is(stepPathChoice({ NAS_TRAIN_STEP: 'eager' }), 'eager');
  t.throws(() => stepPathChoice({ NAS_TRAIN_STEP: 'fast' }), { message: /NAS_TRAIN_STEP must be one of auto, graph, eager, got 'fast'/ });
});

test('session config: Grappler off or without its remapper is a valid ConfigProto, bad values name the variable', (t) => {
  t.is(sessionConfig({}), null);
  // graph_options (10) { rewrite_options (10) { disable_meta_optimizer (19): true } }: key 19 takes two bytes.
  t.deepEqual([...sessionConfig({ NAS_GRAPH_GRAPPLER: 'off' })!], [0x52, 5, 0x52, 3, 0x98, 0x01, 0x01]);
  t.deepEqual([...sessionConfig({ NAS_GRAPH_GRAPPLER: 'no-remap', NAS_GRAPH_INTER_THREADS: '1' })!], [0x28, 1, 0x52, 4, 0x52, 2, 0x70, 2]);
  t.throws(() => sessionConfig({ NAS_GRAPH_GRAPPLER: 'fast' }), { message: /NAS_GRAPH_GRAPPLER must be one of on, off, no-remap, got 'fast'/ });
});

for (const grappler of ['off', 'no-remap'] as const) {
  test.serial(`NAS_GRAPH_GRAPPLER=${grappler}: TensorFlow takes the config and trains the same curve`, async (t) => {
    if (!native()) return t.pass();
    const request = tinyRequest({ architecture: SMALL_CONV, dataset: MNIST, targetEpochs: 2, training: { batchSize: 32, learningRate: 0.003, optimizer: 'adam' } });
    const reference = await run({ ...request, trialId: `grappler-on-${grappler}` }, 'graph');
    process.env.NAS_GRAPH_GRAPPLER = grappler;
    try {
      const other = await run({ ...request, trialId: `grappler-${grappler}` }, 'graph');
      t.is(other.trainingPath?.step, 'graph', other.trainingPath?.reason);
      assertClose(t, other, reference, 2e-3);
    } finally {
      delete process.env.NAS_GRAPH_GRAPPLER;
    }
  });
}

test('NAS_GRAPH_RELU_GRAD: output by default, a bad value names the variable and the choices', (t) => {
  t.is(reluGradSetting({}), 'output');
  t.is(reluGradSetting({ NAS_GRAPH_RELU_GRAD: 'input' }), 'input');
  t.throws(() => reluGradSetting({ NAS_GRAPH_RELU_GRAD: 'both' }), { message: /NAS_GRAPH_RELU_GRAD must be one of output, input, got 'both'/ });
});

test.serial("every ReluGrad of the step graph reads its Relu's output (Python's gradient), so conv + bias + relu can fuse", (t) => {
  if (!native()) return t.pass();
  const addon = loadGraphStepAddon(backend().package);
  if (!addon.ok) return t.fail(addon.reason);
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, activation: 'relu' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 6, activation: 'relu' }),
      tf.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  const graph = buildStepGraph(addon.addon, model, { shape: [8, 8, 1], numClasses: 3, counts: { train: 4, validation: 2 }, optimizer: { kind: 'sgd', learningRate: 0.1 } });
  try {
    const ops = addon.addon.operations!(graph.builder.graph);
    const typeOf = new Map(ops.map(([name, type]) => [name, type]));
    const reluGrads = ops.filter(([, type]) => type === 'ReluGrad');
    t.is(reluGrads.length, 2);
    for (const [name, , inputs] of reluGrads) t.is(typeOf.get(inputs[1]![0]), 'Relu', `${name} reads ${inputs[1]![0]}`);
  } finally {
    addon.addon.deleteGraph(graph.builder.graph);
    model.dispose();
  }
});

test.serial('NAS_GRAPH_RELU_GRAD=input (TensorFlow\'s C++ gradient as it is) trains the same curve bit for bit', async (t) => {
  if (!native()) return t.pass();
  const request = tinyRequest({ architecture: SMALL_CONV, dataset: MNIST, targetEpochs: 2, training: { batchSize: 32, learningRate: 0.003, optimizer: 'adam' } });
  const rewired = await run({ ...request, trialId: 'relu-grad-output' }, 'graph');
  process.env.NAS_GRAPH_RELU_GRAD = 'input';
  try {
    const plain = await run({ ...request, trialId: 'relu-grad-input' }, 'graph');
    t.is(plain.trainingPath?.step, 'graph', plain.trainingPath?.reason);
    t.deepEqual(strip(rewired), strip(plain));
  } finally {
    delete process.env.NAS_GRAPH_RELU_GRAD;
  }
});
