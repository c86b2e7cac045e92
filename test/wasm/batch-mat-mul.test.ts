// Parity of the optional BatchMatMul wrapper (explicit transposes) with the cpu
// reference kernel, and its pass-through of untransposed products.
import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { batchMatMulConfig } from '../../trainer/wasm/batch-mat-mul';
import { registerWasmTrainingKernels } from '../../trainer/wasm/register-all';
import { randomValues, relativeError, REL_TOL, runKernelOn, setupWasm } from './helpers';

test.before(async () => {
  await setupWasm();
  registerWasmTrainingKernels({ fastNativeReplacements: true });
});

// [outer dims of a, outer dims of b, m, k, n]
const shapes: Array<[number[], number[], number, number, number]> = [
  [[], [], 5, 7, 3],
  [[], [], 64, 300, 17],
  [[4], [4], 6, 5, 7],
  [[3], [1], 2, 9, 4],
  [[2, 3], [2, 3], 3, 4, 5],
  [[1], [3], 8, 1, 6],
];

test.serial('BatchMatMul wrapper matches cpu for every transpose combination', async (t) => {
  t.is(tf.getKernel(tf.BatchMatMul, 'wasm')?.kernelFunc, batchMatMulConfig.kernelFunc);
  let worst = 0;
  let n = 0;
  for (const [i, [oa, ob, m, k, nn]] of shapes.entries()) {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        const aShape = [...oa, ...(transposeA ? [k, m] : [m, k])];
        const bShape = [...ob, ...(transposeB ? [nn, k] : [k, nn])];
        const inputs = {
          a: { shape: aShape, values: randomValues(aShape, 10 * i + 1) },
          b: { shape: bShape, values: randomValues(bShape, 10 * i + 2) },
        };
        const attrs = { transposeA, transposeB };
        const ref = await runKernelOn('cpu', tf.BatchMatMul, inputs, attrs);
        const got = await runKernelOn('wasm', tf.BatchMatMul, inputs, attrs);
        const label = JSON.stringify({ aShape, bShape, transposeA, transposeB });
        t.deepEqual(got.shape, ref.shape, label);
        const err = relativeError(got.values, ref.values);
        worst = Math.max(worst, err);
        t.true(err < REL_TOL, `${label}: relative error ${err}`);
        n++;
      }
    }
  }
  t.log(`${n} cases, worst relative error ${worst.toExponential(2)}`);
});
