// Parity of the wasm Conv2DBackpropFilter kernel with the cpu reference kernel.
import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { conv2dBackpropFilterComposite } from '../../trainer/wasm/conv2d-backprop-filter';
import {
  dilateFilter, outSize, randomValues, relativeError, REL_TOL, runKernelOn, setupWasm, undilateFilter,
} from './helpers';

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
const strides: Array<[number, number]> = [[1, 1], [2, 2], [3, 3], [2, 1]];
const pads: Case['pad'][] = ['same', 'valid', [[0, 0], [1, 2], [0, 1], [0, 0]]];

const cases: Case[] = [];
for (const s of shapes) for (const st of strides) for (const pad of pads) cases.push({ ...s, strides: st, pad });
cases.push({ ...shapes[0]!, strides: [1, 1], pad: 'same', dataFormat: 'NCHW' });
cases.push({ ...shapes[1]!, strides: [2, 2], pad: 'valid', dataFormat: 'NCHW' });
cases.push({ ...shapes[1]!, strides: [1, 1], pad: [[0, 0], [0, 0], [2, 1], [1, 0]], dataFormat: 'NCHW' });

test.before(async () => {
  await setupWasm();
});

function dyShape(c: Case): number[] {
  const [b, h, w] = c.x;
  const fmt = c.dataFormat ?? 'NHWC';
  const p = (axis: number): 'same' | 'valid' | [number, number] => {
    if (typeof c.pad === 'string') return c.pad;
    const idx = fmt === 'NHWC' ? axis : axis + 1;
    return c.pad[idx] as [number, number];
  };
  const oh = outSize(h, c.k[0], c.strides[0], 1, p(1));
  const ow = outSize(w, c.k[1], c.strides[1], 1, p(2));
  return fmt === 'NHWC' ? [b, oh, ow, c.co] : [b, c.co, oh, ow];
}

test.serial('Conv2DBackpropFilter matches cpu over shapes x strides x paddings (+NCHW)', async (t) => {
  let worst = 0;
  for (const [i, c] of cases.entries()) {
    const fmt = c.dataFormat ?? 'NHWC';
    const [b, h, w, ci] = c.x;
    const xShape = fmt === 'NHWC' ? c.x : [b, ci, h, w];
    const dyS = dyShape(c);
    const inputs = {
      x: { shape: xShape, values: randomValues(xShape, 100 + i) },
      dy: { shape: dyS, values: randomValues(dyS, 200 + i) },
    };
    const attrs = { strides: c.strides, pad: c.pad, dataFormat: fmt, filterShape: [c.k[0], c.k[1], ci, c.co] };
    const ref = await runKernelOn('cpu', tf.Conv2DBackpropFilter, inputs, attrs);
    const got = await runKernelOn('wasm', tf.Conv2DBackpropFilter, inputs, attrs);
    const label = `${JSON.stringify(c)}`;
    t.deepEqual(got.shape, ref.shape, label);
    const err = relativeError(got.values, ref.values);
    worst = Math.max(worst, err);
    t.true(err < REL_TOL, `${label}: relative error ${err}`);
  }
  t.log(`${cases.length} cases, worst relative error ${worst.toExponential(2)}`);
});

test.serial('dilated filter gradient (composite helper) matches cpu on the zero-inserted filter', async (t) => {
  let n = 0;
  for (const [i, s] of shapes.entries()) {
    for (const d of [2, 3]) {
      for (const pad of ['same', 'valid'] as const) {
        const [b, h, w, ci] = s.x;
        const eff = [(s.k[0] - 1) * d + 1, (s.k[1] - 1) * d + 1, ci, s.co];
        if (pad === 'valid' && (eff[0]! > h || eff[1]! > w)) continue;
        const dyS = [b, outSize(h, s.k[0], 1, d, pad), outSize(w, s.k[1], 1, d, pad), s.co];
        const inputs = {
          x: { shape: [...s.x], values: randomValues(s.x, 300 + i) },
          dy: { shape: dyS, values: randomValues(dyS, 400 + i) },
        };
        const refEff = await runKernelOn('cpu', tf.Conv2DBackpropFilter, inputs,
          { strides: 1, pad, dataFormat: 'NHWC', filterShape: eff });
        const ref = undilateFilter(refEff.values, refEff.shape, d);
        await tf.setBackend('wasm');
        const got = tf.tidy(() => conv2dBackpropFilterComposite(
          tf.tensor4d(inputs.x.values, s.x), tf.tensor4d(inputs.dy.values, dyS as [number, number, number, number]),
          [s.k[0], s.k[1], ci, s.co], 1, pad, d));
        t.deepEqual(got.shape, ref.shape);
        const err = relativeError(got.dataSync(), ref.values);
        got.dispose();
        t.true(err < REL_TOL, `${JSON.stringify({ ...s, d, pad })}: relative error ${err}`);
        n++;
      }
    }
  }
  t.true(n >= 10);
});

// Keep the dilateFilter helper exercised here too (used by the depthwise tests).
test.serial('dilateFilter / undilateFilter round-trip', (t) => {
  const v = randomValues([2, 3, 2, 2], 1);
  const dil = dilateFilter(v, [2, 3, 2, 2], 3);
  t.deepEqual(dil.shape, [4, 7, 2, 2]);
  t.deepEqual(Array.from(undilateFilter(dil.values, dil.shape, 3).values), Array.from(v));
});
