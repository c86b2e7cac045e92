// FlatAdamOptimizer against tfjs's AdamOptimizer, on each of its paths: the same numbers bit for
// bit (the one-kernel step and the tf-op step), or to float32 rounding (resource variables with
// a fused update, the default on tfjs-node CPU); and the same saved state.
import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { createAdamOptimizer, FlatAdamOptimizer } from '../../trainer/native/flat-adam';
import { FLAT_ADAM_KERNEL } from '../../trainer/native/flat-adam-kernel';
import { firstBitDifference, randomTensor, randomValues, relativeError, useTensorflow, withOverrides } from './helpers';

test.before(useTensorflow);

interface Path {
  name: string;
  /** trainer/native registered (its kernel and resource variables available). */
  on: boolean;
  resourceVariables: boolean;
  exact: boolean;
}

const PATHS: readonly Path[] = [
  { name: 'resource variables', on: true, resourceVariables: true, exact: false },
  { name: 'kernel', on: true, resourceVariables: false, exact: true },
  { name: 'tf ops', on: false, resourceVariables: false, exact: true },
];

/**
 * Relative tolerance of the fused update. Beyond float32 rounding, one constant differs:
 * tfjs weighs the new g^2 by 1 - 0.999 rounded to float32 (0.00100000005), TensorFlow by
 * 1 - float32(0.999) (0.00099998713), so v differs by 1.3e-5 relative, updates by ~6e-6.
 */
const FUSED_TOL = 5e-5;

function flatAdam(path: Path, lr: number): FlatAdamOptimizer {
  withOverrides(path.on, () => undefined);
  const opt = new FlatAdamOptimizer(lr, 0.9, 0.999, undefined, { resourceVariables: path.resourceVariables });
  if (opt.usesResourceVariables() !== path.resourceVariables) throw new Error(`${path.name}: wrong path`);
  return opt;
}

const SHAPES = [[3, 3, 2, 4], [4], [5, 7], [1], [2, 1, 3]];

interface Side {
  opt: tf.AdamOptimizer;
  vars: tf.Variable[];
}

let sideCounter = 0;
function side(opt: tf.AdamOptimizer, seed: number): Side {
  const tag = `adamtest${sideCounter++}`;
  // In tidy: the variables keep their data, the initial tensors go.
  return { opt, vars: SHAPES.map((s, i) => tf.tidy(() => tf.variable(randomTensor(s, seed + i), true, `${tag}/v${i}`))) };
}

function step(s: Side, grads: Array<tf.Tensor | null>, only?: number[]): void {
  const idx = only ?? s.vars.map((_, i) => i);
  s.opt.applyGradients(idx.map((i) => ({ name: s.vars[i]!.name, tensor: grads[i]! })));
}

function gradsFor(stepNo: number): tf.Tensor[] {
  return SHAPES.map((sh, i) => randomTensor(sh, 1000 * stepNo + i, -3, 3));
}

async function state(s: Side): Promise<{ values: Float32Array[]; slots: Array<{ name: string; values: Float32Array }> }> {
  const weights = await s.opt.getWeights();
  const slots = await Promise.all(weights.map(async (w) => ({ name: w.name, values: (await w.tensor.data()) as Float32Array })));
  // The iteration count is a fresh tensor; the moments are the optimizer's own variables.
  tf.dispose(weights.filter((w) => !(w.tensor instanceof tf.Variable)).map((w) => w.tensor));
  return { values: s.vars.map((v) => v.dataSync() as Float32Array), slots };
}

/** Slot names differ only in the variable-name prefix, so compare suffixes and values. */
async function assertSame(t: import('ava').ExecutionContext, a: Side, b: Side, label: string, exact: boolean): Promise<void> {
  const sa = await state(a);
  const sb = await state(b);
  const same = (x: Float32Array, y: Float32Array, what: string) => {
    if (exact) t.is(firstBitDifference(x, y), -1, `${label}: ${what}`);
    else t.true(relativeError(x, y) < FUSED_TOL, `${label}: ${what}: ${relativeError(x, y)}`);
  };
  sa.values.forEach((v, i) => same(v, sb.values[i]!, `weight ${i}`));
  t.is(sa.slots.length, sb.slots.length, `${label}: slot count`);
  sa.slots.forEach((slot, i) => {
    t.is(slot.name.replace(/^adamtest\d+\//, ''), sb.slots[i]!.name.replace(/^adamtest\d+\//, ''), `${label}: slot ${i} name`);
    same(slot.values, sb.slots[i]!.values, `slot ${slot.name}`);
  });
  const powers = (s: Side) => {
    const o = s.opt as unknown as { accBeta1: tf.Variable; accBeta2: tf.Variable };
    return [o.accBeta1.dataSync()[0], o.accBeta2.dataSync()[0]];
  };
  t.deepEqual(powers(a), powers(b), `${label}: beta powers`);
}

function dispose(...sides: Side[]): void {
  for (const s of sides) {
    s.opt.dispose();
    tf.dispose(s.vars);
  }
}

for (const path of PATHS) {
test.serial(`updates match AdamOptimizer, and so does the state getWeights() reports (${path.name})`, async (t) => {
  const before = tf.memory().numTensors;
  const stock = side(tf.train.adam(0.01), 1);
  const flat = side(flatAdam(path, 0.01), 1);
  for (let k = 0; k < 6; k++) {
    const g = gradsFor(k);
    step(stock, g);
    step(flat, g);
    tf.dispose(g);
    // getWeights() in the middle of training (a checkpoint) must not change what follows.
    if (k === 2) await assertSame(t, flat, stock, `after step ${k}`, path.exact);
  }
  await assertSame(t, flat, stock, 'after 6 steps', path.exact);
  dispose(stock, flat);
  t.is(tf.memory().numTensors, before, 'no tensor left behind');
});
}

for (const path of PATHS) {
test.serial(`setWeights() with a stock optimizer's state, then training on, stays the same (${path.name})`, async (t) => {
  const stock = side(tf.train.adam(0.003), 2);
  for (let k = 0; k < 3; k++) {
    const g = gradsFor(k);
    step(stock, g);
    tf.dispose(g);
  }
  // A resumed flat optimizer (what a checkpoint load does) against the stock one carrying on.
  const flat = side(flatAdam(path, 0.003), 99);
  flat.vars.forEach((v, i) => v.assign(stock.vars[i]!));
  const saved = await stock.opt.getWeights();
  await flat.opt.setWeights(saved.map((w) => ({ name: w.name, tensor: w.tensor.clone() })));
  const o = (s: Side) => s.opt as unknown as { accBeta1: tf.Variable; accBeta2: tf.Variable };
  o(flat).accBeta1.assign(o(stock).accBeta1);
  o(flat).accBeta2.assign(o(stock).accBeta2);
  tf.dispose(saved.filter((w) => !(w.tensor instanceof tf.Variable)).map((w) => w.tensor));
  for (let k = 3; k < 6; k++) {
    const g = gradsFor(k);
    step(stock, g);
    step(flat, g);
    tf.dispose(g);
  }
  await assertSame(t, flat, stock, 'resumed', path.exact);
  dispose(stock, flat);
});
}

for (const path of PATHS) {
test.serial(`missing gradients, changing variable lists and weights set from outside: still the same (${path.name})`, async (t) => {
  const stock = side(tf.train.adam(0.02), 3);
  const flat = side(flatAdam(path, 0.02), 3);
  const g0 = gradsFor(0);
  step(stock, g0);
  step(flat, g0);
  // A null gradient: tfjs skips that variable (its moments stay as they are).
  const g1: Array<tf.Tensor | null> = gradsFor(1);
  g1[2]!.dispose();
  g1[2] = null;
  step(stock, g1);
  step(flat, g1);
  // A subset of the variables (positions shift, as tfjs keys slots by position).
  const g2 = gradsFor(2);
  step(stock, g2, [0, 1]);
  step(flat, g2, [0, 1]);
  // Back to all of them, after a weight was overwritten (a checkpoint load does that).
  const replacement = randomTensor(SHAPES[3]!, 77);
  stock.vars[3]!.assign(replacement);
  flat.vars[3]!.assign(replacement);
  const g3 = gradsFor(3);
  step(stock, g3);
  step(flat, g3);
  await assertSame(t, flat, stock, 'mixed steps', path.exact);
  tf.dispose([...g0, ...g1.filter((g): g is tf.Tensor => g != null), ...g2, ...g3, replacement]);
  dispose(stock, flat);
});
}

for (const path of PATHS) {
test.serial(`model.fit with FlatAdamOptimizer trains to the same weights as with AdamOptimizer (${path.name})`, async (t) => {
  const build = () => {
    const m = tf.sequential();
    m.add(tf.layers.dense({ inputShape: [6], units: 8, activation: 'tanh', kernelInitializer: tf.initializers.glorotUniform({ seed: 5 }) }));
    m.add(tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 6 }) }));
    return m;
  };
  const x = tf.tensor2d(randomValues(40 * 6, 8), [40, 6]);
  const y = tf.oneHot(tf.tensor1d(Array.from(randomValues(40, 9, 0, 3), Math.floor), 'int32'), 3);
  const train = async (opt: tf.Optimizer) => {
    const m = build();
    m.compile({ optimizer: opt, loss: 'categoricalCrossentropy' });
    const h = await m.fit(x, y, { epochs: 3, batchSize: 8, shuffle: false, verbose: 0 });
    const w = m.getWeights().map((v) => v.dataSync() as Float32Array);
    m.dispose();
    opt.dispose();
    return { losses: h.history.loss as number[], w };
  };
  const before = tf.memory().numTensors;
  const a = await train(tf.train.adam(0.01));
  const b = await train(flatAdam(path, 0.01));
  if (path.exact) {
    t.deepEqual(b.losses, a.losses);
    a.w.forEach((w, i) => t.is(firstBitDifference(b.w[i]!, w), -1, `weight ${i}`));
  } else {
    t.true(relativeError(b.losses, a.losses) < FUSED_TOL, `losses ${b.losses} vs ${a.losses}`);
    a.w.forEach((w, i) => t.true(relativeError(b.w[i]!, w) < 1e-4, `weight ${i}: ${relativeError(b.w[i]!, w)}`));
  }
  t.is(tf.memory().numTensors, before);
  tf.dispose([x, y]);
});
}

test.serial('createAdamOptimizer gives the flat optimizer on tfjs-node, an AdamOptimizer either way', (t) => {
  withOverrides(true, () => t.true(tf.getKernel(FLAT_ADAM_KERNEL, 'tensorflow') != null));
  const opt = createAdamOptimizer(0.001);
  t.true(opt instanceof FlatAdamOptimizer);
  t.true((opt as FlatAdamOptimizer).usesResourceVariables(), 'the fused update on tfjs-node CPU');
  t.true(opt instanceof tf.AdamOptimizer);
  t.is(opt.getClassName(), 'Adam');
  opt.dispose();
});
