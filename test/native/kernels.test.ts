// Step, Cast and Sum overrides against tfjs-node's stock kernels.
import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { firstBitDifference, randomTensor, randomValues, relativeError, tensorDelta, useTensorflow, withOverrides } from './helpers';

test.before(useTensorflow);

const EDGE = [NaN, -0, 0, 1, -1, Infinity, -Infinity, 1e-45, -1e-45, 3.4e38, -3.4e38, 0.5];

function run(on: boolean, name: string, inputs: tf.NamedTensorMap, attrs: tf.NamedAttrMap): { shape: number[]; dtype: string; values: Float32Array | Int32Array | Uint8Array } {
  return withOverrides(on, () => {
    const out = tf.engine().runKernel(name, inputs, attrs) as tf.Tensor;
    const r = { shape: out.shape, dtype: out.dtype, values: out.dataSync() as Float32Array };
    out.dispose();
    return r;
  });
}

test.serial('Step (alpha 0, float32) is bit-identical to the stock kernel, NaN, signed zeros and denormals included', async (t) => {
  // Long enough for the vectorised paths, plus every edge value at every alignment.
  const values = new Float32Array(4096);
  values.set(randomValues(4096, 1, -2, 2));
  for (let i = 0; i < 4096; i += 37) values[i] = EDGE[(i / 37) % EDGE.length]!;
  const x = tf.tensor(values, [8, 8, 8, 8]);
  const delta = await tensorDelta(() => {
    const on = run(true, tf.Step, { x }, { alpha: 0 });
    const off = run(false, tf.Step, { x }, { alpha: 0 });
    t.deepEqual(on.shape, off.shape);
    t.is(firstBitDifference(on.values, off.values), -1);
  });
  t.is(delta, 0);
  x.dispose();
});

test.serial('Step with another alpha or dtype uses the stock kernel', (t) => {
  const x = tf.tensor1d(EDGE);
  for (const alpha of [-1, 0.2]) {
    t.is(firstBitDifference(run(true, tf.Step, { x }, { alpha }).values, run(false, tf.Step, { x }, { alpha }).values), -1);
  }
  // tfjs-node's own Step rejects int32 (IsNan has no int32 kernel); the override defers to it.
  const xi = tf.tensor1d([-2, 0, 3], 'int32');
  t.throws(() => run(true, tf.Step, { x: xi }, { alpha: 0 }), { message: /IsNan/ });
  tf.dispose([x, xi]);
});

test.serial('Cast to the same dtype shares the data; other casts are stock', async (t) => {
  const x = randomTensor([3, 5], 2);
  const delta = await tensorDelta(() => {
    withOverrides(true, () => {
      const same = tf.cast(x, 'float32');
      t.is(same.dataId, x.dataId, 'no copy, no op');
      t.is(firstBitDifference(same.dataSync(), x.dataSync()), -1);
      same.dispose();
      t.false(x.isDisposed, 'the input keeps its own reference');
      t.is(x.dataSync().length, 15);
      for (const dtype of ['int32', 'bool'] as const) {
        const on = tf.cast(x, dtype);
        const off = withOverrides(false, () => tf.cast(x, dtype));
        t.is(on.dtype, dtype);
        t.deepEqual(Array.from(on.dataSync()), Array.from(off.dataSync()));
        tf.dispose([on, off]);
        registerBack();
      }
      const b = tf.tensor1d([true, false], 'bool');
      const bb = tf.cast(b, 'bool');
      t.is(bb.dataId, b.dataId);
      tf.dispose([b, bb]);
    });
  });
  t.is(delta, 0);
  x.dispose();
});

function registerBack(): void {
  withOverrides(true, () => undefined);
}

test.serial('Sum over all axes but the last (bias gradients) matches the stock kernel to rounding', async (t) => {
  const cases: Array<[number[], boolean]> = [
    [[64, 26, 26, 32], false], [[7, 5, 3], true], [[9, 13], false], [[2, 3, 4, 5, 6], true], [[1, 1, 1, 4], false],
  ];
  let worst = 0;
  const delta = await tensorDelta(() => {
    for (const [i, [shape, keepDims]] of cases.entries()) {
      const x = randomTensor(shape, 10 + i);
      const axis = shape.slice(0, -1).map((_, k) => k);
      const on = run(true, tf.Sum, { x }, { axis, keepDims });
      const off = run(false, tf.Sum, { x }, { axis, keepDims });
      t.deepEqual(on.shape, off.shape, JSON.stringify(shape));
      // Relative to the sum of magnitudes: what float32 summation order can change.
      const absSum = tf.tidy(() => tf.sum(tf.abs(x), axis).dataSync());
      for (let c = 0; c < off.values.length; c++) {
        const err = Math.abs(on.values[c]! - off.values[c]!) / absSum[c]!;
        worst = Math.max(worst, err);
      }
      x.dispose();
    }
  });
  t.log(`worst error relative to the sum of magnitudes: ${worst.toExponential(2)}`);
  t.true(worst < 1e-6);
  t.is(delta, 0);
});

test.serial('Sum over other axes, or of int32, is exactly the stock kernel', (t) => {
  const x = randomTensor([4, 5, 6], 3);
  for (const axis of [[0], [1, 2], [0, 1, 2], [2], [0, 2]]) {
    const on = run(true, tf.Sum, { x }, { axis, keepDims: false });
    const off = run(false, tf.Sum, { x }, { axis, keepDims: false });
    t.is(firstBitDifference(on.values, off.values), -1, JSON.stringify(axis));
  }
  const xi = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2], 'int32');
  t.deepEqual(Array.from(run(true, tf.Sum, { x: xi }, { axis: [0, 1], keepDims: false }).values), [16, 20]);
  t.is(relativeError(run(true, tf.Sum, { x }, { axis: [1, 0], keepDims: false }).values,
    run(false, tf.Sum, { x }, { axis: [0, 1], keepDims: false }).values) < 1e-6, true);
  tf.dispose([x, xi]);
});

test.serial('Reshape is exactly the stock kernel, for every dtype, with -1, and reuses its shape handles', async (t) => {
  const cases: Array<[tf.Tensor, number[]]> = [
    [randomTensor([4, 6], 20), [2, 12]], [randomTensor([4, 6], 21), [-1]], [randomTensor([2, 3, 4], 22), [4, -1, 2]],
    [tf.tensor1d([1, 2, 3, 4], 'int32'), [2, 2]], [tf.tensor1d([true, false], 'bool'), [1, 2]], [tf.scalar(3), [1, 1]],
    [randomTensor([3, 4], 23), [3, 4]], [randomTensor([3, 4], 24), [3, -1]], [randomTensor([0, 4], 25), [0, 4]],
  ];
  const delta = await tensorDelta(() => {
    for (let round = 0; round < 2; round++) {
      for (const [x, shape] of cases) {
        const on = run(true, tf.Reshape, { x }, { shape });
        const off = run(false, tf.Reshape, { x }, { shape });
        t.deepEqual(on.shape, off.shape);
        t.is(on.dtype, off.dtype);
        t.is(firstBitDifference(on.values, off.values), -1);
      }
    }
  });
  t.is(delta, 0);
  // A reshape to the tensor's own shape (every Add gradient ends with one) shares the data.
  withOverrides(true, () => {
    const x = cases[6]![0];
    const same = tf.reshape(x, [3, -1]);
    t.is(same.dataId, x.dataId);
    same.dispose();
    t.false(x.isDisposed);
    t.is(x.dataSync().length, 12);
  });
  tf.dispose(cases.map(([x]) => x));
});

test.serial('SplitV into equal parts along the last axis is exactly the stock kernel; other splits are stock', async (t) => {
  const cases: Array<[tf.Tensor, number | number[], number]> = [
    [randomTensor([4, 5, 6, 8], 60), [4, 4], -1], [randomTensor([4, 5, 6, 8], 61), 4, 3], [randomTensor([3, 12], 62), [3, 3, 3, 3], 1],
    [tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32'), 2, 1], [randomTensor([4, 6], 63), [2, 4], 1], [randomTensor([4, 6], 64), 2, 0],
    [randomTensor([6], 65), 3, 0],
  ];
  const delta = await tensorDelta(() => {
    for (const [x, numOrSizeSplits, axis] of cases) {
      const parts = (on: boolean) => withOverrides(on, () => {
        const outs = tf.split(x, numOrSizeSplits, axis);
        const r = outs.map((o) => ({ shape: o.shape, dtype: o.dtype, values: o.dataSync() }));
        tf.dispose(outs);
        return r;
      });
      const on = parts(true);
      const off = parts(false);
      t.is(on.length, off.length);
      on.forEach((p, i) => {
        t.deepEqual(p.shape, off[i]!.shape);
        t.is(p.dtype, off[i]!.dtype);
        t.is(firstBitDifference(p.values, off[i]!.values), -1);
      });
    }
  });
  t.is(delta, 0);
  tf.dispose(cases.map(([x]) => x));
});

test.serial('1x1 stride-1 convolutions and their gradients (as BatchMatMulV2) match the stock kernels to float32 rounding', async (t) => {
  let worst = 0;
  const delta = await tensorDelta(() => {
    for (const [i, [shape, co, pad]] of ([[[4, 9, 7, 6], 5, 'same'], [[2, 28, 28, 32], 16, 'valid'], [[3, 5, 5, 64], 32, 'same'], [[1, 1, 1, 3], 2, 'valid']] as const).entries()) {
      const x = randomTensor([...shape], 70 + i);
      const filter = randomTensor([1, 1, shape[3], co], 80 + i);
      const dy = randomTensor([shape[0], shape[1], shape[2], co], 90 + i);
      const common = { strides: 1, pad, dataFormat: 'NHWC', dimRoundingMode: undefined } as unknown as tf.NamedAttrMap;
      const runs: Array<[string, tf.NamedTensorMap, tf.NamedAttrMap]> = [
        [tf.Conv2D, { x, filter }, { ...common, dilations: 1 }],
        [tf.Conv2DBackpropInput, { dy, filter }, { ...common, inputShape: [...shape] }],
        [tf.Conv2DBackpropFilter, { x, dy }, { ...common, filterShape: [1, 1, shape[3], co] }],
      ];
      for (const [name, inputs, attrs] of runs) {
        const on = run(true, name, inputs, attrs);
        const off = run(false, name, inputs, attrs);
        t.deepEqual(on.shape, off.shape, name);
        const err = relativeError(on.values, off.values);
        worst = Math.max(worst, err);
        t.true(err < 1e-5, `${name} ${JSON.stringify(shape)}: ${err}`);
      }
      tf.dispose([x, filter, dy]);
    }
  });
  t.log(`worst relative error ${worst.toExponential(2)}`);
  t.is(delta, 0);
});

test.serial('other convolutions (3x3, strided, dilated or numerically padded 1x1) are the stock kernels', (t) => {
  const x = randomTensor([2, 8, 8, 3], 100);
  const cases: Array<[number[], tf.NamedAttrMap]> = [
    [[3, 3, 3, 4], { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: 1 }],
    [[1, 1, 3, 4], { strides: 2, pad: 'same', dataFormat: 'NHWC', dilations: 1 }],
    [[1, 1, 3, 4], { strides: 1, pad: 'valid', dataFormat: 'NHWC', dilations: 2 }],
  ];
  for (const [i, [fshape, attrs]] of cases.entries()) {
    const filter = randomTensor(fshape, 110 + i);
    const on = run(true, tf.Conv2D, { x, filter }, attrs);
    const off = run(false, tf.Conv2D, { x, filter }, attrs);
    t.deepEqual(on.shape, off.shape);
    t.is(firstBitDifference(on.values, off.values), -1, JSON.stringify(attrs));
    filter.dispose();
  }
  // Numeric padding goes to tfjs-node as well, which accepts 0 and rejects the rest.
  const f1 = randomTensor([1, 1, 3, 4], 120);
  const numeric = (pad: number) => ({ strides: 1, pad, dataFormat: 'NHWC', dilations: 1 });
  t.is(firstBitDifference(run(true, tf.Conv2D, { x, filter: f1 }, numeric(0)).values, run(false, tf.Conv2D, { x, filter: f1 }, numeric(0)).values), -1);
  t.throws(() => run(true, tf.Conv2D, { x, filter: f1 }, numeric(1)), { message: /padding/ });
  tf.dispose([x, f1]);
});
