// Parity of the replacement wasm MaxPoolGrad kernel with the cpu reference,
// including all-negative windows (where the package's own kernel drops the
// gradient) and ties (first maximum in scan order wins on both).
import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { randomValues, relativeError, REL_TOL, runKernelOn, setupWasm } from './helpers';

type Pad = 'same' | 'valid' | number;
interface Case { x: [number, number, number, number]; pool: [number, number]; strides: [number, number]; pad: Pad }

const shapes: Array<[number, number, number, number]> = [[2, 8, 8, 3], [1, 9, 7, 2], [3, 5, 6, 1]];
const cases: Case[] = [];
for (const x of shapes)
  for (const pool of [[2, 2], [3, 3], [3, 2]] as Array<[number, number]>)
    for (const strides of [[1, 1], [2, 2], [3, 3], [2, 1]] as Array<[number, number]>)
      for (const pad of ['same', 'valid', 1] as Pad[]) cases.push({ x, pool, strides, pad });
// Numeric padding as large as the pool: some windows lie entirely in the padding.
cases.push({ x: [1, 5, 5, 2], pool: [2, 2], strides: [1, 1], pad: 2 });
cases.push({ x: [2, 6, 4, 3], pool: [3, 3], strides: [2, 2], pad: 3 });

/** Forward output of the pool on cpu (MaxPoolGrad takes it as an input). */
async function forward(c: Case, x: Float32Array): Promise<{ shape: number[]; values: Float32Array }> {
  await tf.setBackend('cpu');
  return tf.tidy(() => {
    const y = tf.maxPool(tf.tensor4d(x, c.x), c.pool, c.strides, c.pad as 'same');
    return { shape: y.shape, values: y.dataSync() as Float32Array };
  });
}

test.before(async () => {
  await setupWasm();
});

for (const [label, transform] of [
  ['values in [-1, 1)', (v: Float32Array) => v],
  ['all negative', (v: Float32Array) => v.map((a) => a - 2)],
  ['many ties (values rounded to halves, mostly <= 0)', (v: Float32Array) => v.map((a) => Math.round(a * 2) / 2 - 0.5)],
] as const) {
  test.serial(`MaxPoolGrad matches cpu: ${label}`, async (t) => {
    let worst = 0;
    for (const [i, c] of cases.entries()) {
      const xv = transform(randomValues(c.x, 40 + i));
      const y = await forward(c, xv);
      const inputs = {
        dy: { shape: y.shape, values: randomValues(y.shape, 90 + i) },
        input: { shape: [...c.x], values: xv },
        output: y,
      };
      const attrs = { filterSize: c.pool, strides: c.strides, pad: c.pad };
      const ref = await runKernelOn('cpu', tf.MaxPoolGrad, inputs, attrs);
      const got = await runKernelOn('wasm', tf.MaxPoolGrad, inputs, attrs);
      t.deepEqual(got.shape, ref.shape);
      const err = relativeError(got.values, ref.values);
      worst = Math.max(worst, err);
      t.true(err < REL_TOL, `${JSON.stringify(c)}: relative error ${err}`);
    }
    t.log(`${cases.length} cases, worst relative error ${worst.toExponential(2)}`);
  });
}
