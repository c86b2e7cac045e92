// Parity of the optional conv2d-based wasm Conv2DBackpropInput with the cpu
// reference kernel, and switching between it and the package's own kernel.
import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { conv2dBackpropInputComposite, conv2dBackpropInputConfig } from '../../trainer/wasm/conv2d-backprop-input';
import { registerWasmTrainingKernels } from '../../trainer/wasm/register-all';
import { dilateFilter, outSize, randomValues, relativeError, REL_TOL, runKernelOn, setupWasm } from './helpers';

interface Case {
  x: [number, number, number, number]; // NHWC
  k: [number, number];
  co: number;
  strides: [number, number];
  pad: 'same' | 'valid' | tf.backend_util.ExplicitPadding;
  dataFormat?: 'NHWC' | 'NCHW';
}

const shapes: Array<Pick<Case, 'x' | 'k' | 'co'>> = [
  { x: [2, 8, 8, 3], k: [3, 3], co: 4 },
  { x: [3, 9, 7, 2], k: [5, 3], co: 3 },
  { x: [1, 6, 5, 1], k: [1, 1], co: 2 },
  { x: [2, 11, 10, 4], k: [5, 5], co: 5 },
];
const cases: Case[] = [];
for (const s of shapes)
  for (const strides of [[1, 1], [2, 2], [3, 3], [2, 1]] as Array<[number, number]>)
    for (const pad of ['same', 'valid', [[0, 0], [1, 2], [0, 1], [0, 0]]] as Case['pad'][]) cases.push({ ...s, strides, pad });
cases.push({ ...shapes[0]!, strides: [1, 1], pad: 'same', dataFormat: 'NCHW' });
cases.push({ ...shapes[1]!, strides: [2, 2], pad: 'valid', dataFormat: 'NCHW' });
cases.push({ ...shapes[1]!, strides: [1, 1], pad: [[0, 0], [0, 0], [2, 1], [1, 0]], dataFormat: 'NCHW' });

function padOf(c: Case, axis: 1 | 2): 'same' | 'valid' | [number, number] {
  if (typeof c.pad === 'string') return c.pad;
  return c.pad[(c.dataFormat ?? 'NHWC') === 'NHWC' ? axis : axis + 1] as [number, number];
}

test.before(async () => {
  await setupWasm();
});

test.serial('conv2d-based Conv2DBackpropInput matches cpu over shapes x strides x paddings (+NCHW)', async (t) => {
  registerWasmTrainingKernels({ fastNativeReplacements: true });
  t.is(tf.getKernel(tf.Conv2DBackpropInput, 'wasm')?.kernelFunc, conv2dBackpropInputConfig.kernelFunc);
  let worst = 0;
  for (const [i, c] of cases.entries()) {
    const fmt = c.dataFormat ?? 'NHWC';
    const [b, h, w, ci] = c.x;
    const oh = outSize(h, c.k[0], c.strides[0], 1, padOf(c, 1));
    const ow = outSize(w, c.k[1], c.strides[1], 1, padOf(c, 2));
    const dyShape = fmt === 'NHWC' ? [b, oh, ow, c.co] : [b, c.co, oh, ow];
    const filterShape = [c.k[0], c.k[1], ci, c.co];
    const inputs = {
      dy: { shape: dyShape, values: randomValues(dyShape, 700 + i) },
      filter: { shape: filterShape, values: randomValues(filterShape, 800 + i) },
    };
    const attrs = { strides: c.strides, pad: c.pad, dataFormat: fmt, inputShape: fmt === 'NHWC' ? c.x : [b, ci, h, w] };
    const ref = await runKernelOn('cpu', tf.Conv2DBackpropInput, inputs, attrs);
    const got = await runKernelOn('wasm', tf.Conv2DBackpropInput, inputs, attrs);
    t.deepEqual(got.shape, ref.shape, JSON.stringify(c));
    const err = relativeError(got.values, ref.values);
    worst = Math.max(worst, err);
    t.true(err < REL_TOL, `${JSON.stringify(c)}: relative error ${err}`);
  }
  t.log(`${cases.length} cases, worst relative error ${worst.toExponential(2)}`);
});

test.serial('dilated input gradient (composite helper) matches cpu on the zero-inserted filter', async (t) => {
  let n = 0;
  for (const [i, s] of shapes.entries()) {
    for (const d of [2, 3]) {
      for (const pad of ['same', 'valid'] as const) {
        const [b, h, w, ci] = s.x;
        const filterShape = [s.k[0], s.k[1], ci, s.co];
        const eff = dilateFilter(randomValues(filterShape, 900 + i), filterShape, d);
        if (pad === 'valid' && (eff.shape[0]! > h || eff.shape[1]! > w)) continue;
        const dyShape = [b, outSize(h, s.k[0], 1, d, pad), outSize(w, s.k[1], 1, d, pad), s.co];
        const dy = { shape: dyShape, values: randomValues(dyShape, 950 + i) };
        const ref = await runKernelOn('cpu', tf.Conv2DBackpropInput, { dy, filter: eff },
          { strides: 1, pad, dataFormat: 'NHWC', inputShape: s.x });
        await tf.setBackend('wasm');
        const got = tf.tidy(() => conv2dBackpropInputComposite(s.x, tf.tensor4d(dy.values, dyShape as [number, number, number, number]),
          tf.tensor4d(randomValues(filterShape, 900 + i), filterShape as [number, number, number, number]), 1, pad, d));
        const err = relativeError(got.dataSync(), ref.values);
        got.dispose();
        t.true(err < REL_TOL, `${JSON.stringify({ ...s, d, pad })}: relative error ${err}`);
        n++;
      }
    }
  }
  t.true(n >= 10);
});

test.serial('registerWasmTrainingKernels() without the option restores the package kernel, which still works', async (t) => {
  registerWasmTrainingKernels({ fastNativeReplacements: true });
  registerWasmTrainingKernels();
  registerWasmTrainingKernels();
  const k = tf.getKernel(tf.Conv2DBackpropInput, 'wasm');
  t.truthy(k);
  t.not(k?.kernelFunc, conv2dBackpropInputConfig.kernelFunc);
  const inputs = {
    dy: { shape: [1, 4, 4, 2], values: randomValues([1, 4, 4, 2], 1) },
    filter: { shape: [3, 3, 3, 2], values: randomValues([3, 3, 3, 2], 2) },
  };
  const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', inputShape: [1, 4, 4, 3] };
  const ref = await runKernelOn('cpu', tf.Conv2DBackpropInput, inputs, attrs);
  const got = await runKernelOn('wasm', tf.Conv2DBackpropInput, inputs, attrs);
  t.true(relativeError(got.values, ref.values) < REL_TOL);
});
