// Parity of the wasm DepthwiseConv2dNativeBackpropFilter / ...BackpropInput
// kernels with the cpu reference kernels. Dilated cases are compared with the
// cpu kernels run at dilation 1 on the equivalent zero-inserted filter (the cpu
// depthwise backprop kernels ignore their dilations attribute).
import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {
  dilateFilter, outSize, randomValues, relativeError, REL_TOL, runKernelOn, setupWasm, undilateFilter,
} from './helpers';

interface Case {
  x: [number, number, number, number]; // NHWC
  k: [number, number];
  m: number; // channel multiplier
  strides: [number, number];
  dilation: number;
  pad: 'same' | 'valid' | tf.backend_util.ExplicitPadding;
}

const shapes: Array<Pick<Case, 'x' | 'k' | 'm'>> = [
  { x: [2, 8, 8, 3], k: [3, 3], m: 1 },
  { x: [2, 9, 7, 2], k: [5, 3], m: 2 },
  { x: [1, 6, 6, 4], k: [1, 1], m: 3 },
  { x: [3, 10, 11, 2], k: [5, 5], m: 1 },
];
const pads: Case['pad'][] = ['same', 'valid', [[0, 0], [2, 1], [1, 1], [0, 0]]];

const cases: Case[] = [];
for (const s of shapes) {
  for (const pad of pads) {
    for (const st of [[1, 1], [2, 2], [3, 3], [1, 2]] as Array<[number, number]>) {
      cases.push({ ...s, strides: st, dilation: 1, pad });
    }
    for (const dilation of [2, 3]) {
      const [, h, w] = s.x;
      const eh = (s.k[0] - 1) * dilation + 1;
      const ew = (s.k[1] - 1) * dilation + 1;
      if (pad === 'valid' && (eh > h || ew > w)) continue;
      cases.push({ ...s, strides: [1, 1], dilation, pad });
    }
  }
}

function padOf(c: Case, axis: 1 | 2): 'same' | 'valid' | [number, number] {
  return typeof c.pad === 'string' ? c.pad : (c.pad[axis] as [number, number]);
}

function setup(c: Case, seed: number) {
  const [b, h, w, ch] = c.x;
  const oh = outSize(h, c.k[0], c.strides[0], c.dilation, padOf(c, 1));
  const ow = outSize(w, c.k[1], c.strides[1], c.dilation, padOf(c, 2));
  const filterShape = [c.k[0], c.k[1], ch, c.m];
  const dyShape = [b, oh, ow, ch * c.m];
  return {
    filterShape,
    x: { shape: [...c.x], values: randomValues(c.x, seed) },
    dy: { shape: dyShape, values: randomValues(dyShape, seed + 1) },
    filter: { shape: filterShape, values: randomValues(filterShape, seed + 2) },
  };
}

test.before(async () => {
  await setupWasm();
});

test.serial('DepthwiseConv2dNativeBackpropFilter matches cpu (shapes x strides x paddings x dilations)', async (t) => {
  let worst = 0;
  for (const [i, c] of cases.entries()) {
    const { filterShape, x, dy } = setup(c, 1000 + 10 * i);
    const d = c.dilation;
    const effShape = [(c.k[0] - 1) * d + 1, (c.k[1] - 1) * d + 1, c.x[3], c.m];
    const refEff = await runKernelOn('cpu', tf.DepthwiseConv2dNativeBackpropFilter, { x, dy },
      { strides: c.strides, dilations: 1, pad: c.pad, filterShape: effShape });
    const ref = d === 1 ? refEff : undilateFilter(refEff.values, refEff.shape, d);
    const got = await runKernelOn('wasm', tf.DepthwiseConv2dNativeBackpropFilter, { x, dy },
      { strides: c.strides, dilations: [d, d], pad: c.pad, filterShape });
    t.deepEqual(got.shape, ref.shape, JSON.stringify(c));
    const err = relativeError(got.values, ref.values);
    worst = Math.max(worst, err);
    t.true(err < REL_TOL, `${JSON.stringify(c)}: relative error ${err}`);
  }
  t.log(`${cases.length} cases, worst relative error ${worst.toExponential(2)}`);
});

test.serial('DepthwiseConv2dNativeBackpropInput matches cpu (shapes x strides x paddings x dilations)', async (t) => {
  let worst = 0;
  for (const [i, c] of cases.entries()) {
    const { filter, dy } = setup(c, 5000 + 10 * i);
    const d = c.dilation;
    const effFilter = d === 1 ? filter : dilateFilter(filter.values, filter.shape, d);
    const ref = await runKernelOn('cpu', tf.DepthwiseConv2dNativeBackpropInput, { dy, filter: effFilter },
      { strides: c.strides, dilations: 1, pad: c.pad, inputShape: c.x });
    const got = await runKernelOn('wasm', tf.DepthwiseConv2dNativeBackpropInput, { dy, filter },
      { strides: c.strides, dilations: [d, d], pad: c.pad, inputShape: c.x });
    t.deepEqual(got.shape, ref.shape, JSON.stringify(c));
    const err = relativeError(got.values, ref.values);
    worst = Math.max(worst, err);
    t.true(err < REL_TOL, `${JSON.stringify(c)}: relative error ${err}`);
  }
  t.log(`${cases.length} cases, worst relative error ${worst.toExponential(2)}`);
});
