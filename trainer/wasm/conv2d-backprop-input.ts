// Conv2DBackpropInput for the wasm backend, as ONE forward conv2d: an
// OPTIONAL replacement for the package's own kernel, which is correct but a
// plain loop nest, ~10x slower than the XNNPACK conv2d this one runs on (it
// dominates a training step of a small CNN). Not installed by default; see
// registerWasmTrainingKernels({ fastNativeReplacements: true }).
//
//   dx[b, i, j, ci] = sum_{kh, kw, co} u[b, i + pt - kh*d, j + pl - kw*d, co] * f[kh, kw, ci, co]
//
// where u is dy with (s - 1) zeros inserted after every row and column. With
// kh -> KH-1-kh this is a valid conv2d (dilation d, stride 1) of a window of u
// starting at pt - (KH-1)*d, with the filter flipped in space and its in/out
// channels swapped ([KH, KW, Co, Ci]). For s > 1 the conv also multiplies the
// inserted zeros (s^2 more work than needed), still well ahead of the loop nest.
import * as tf from '@tensorflow/tfjs';
import {
  axisWindow, channelsLast, composite, pair, Pad, required, upsampleWithZeros, windowForConv,
} from './composite';

export function conv2dBackpropInputComposite(
  xShape: [number, number, number, number],
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  strides: number | [number, number],
  pad: Pad,
  dilations: number | [number, number] = 1,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
  dataFormat: 'NHWC' | 'NCHW' = 'NHWC',
): tf.Tensor4D {
  return tf.tidy(() => {
    const nhwc = channelsLast(dataFormat);
    let shape = xShape;
    let pad4 = pad;
    if (!nhwc) {
      shape = [xShape[0], xShape[2], xShape[3], xShape[1]];
      dy = tf.transpose(dy, [0, 2, 3, 1]);
      if (typeof pad === 'object') pad4 = [pad[0], pad[2], pad[3], pad[1]];
    }
    const info = tf.backend_util.computeConv2DInfo(
      shape, filter.shape, strides, dilations, pad4, dimRoundingMode, false, 'channelsLast');
    const [, h, w] = shape;
    const [kH, kW] = filter.shape;
    const [sH, sW] = [info.strideHeight, info.strideWidth];
    const [dH, dW] = [info.dilationHeight, info.dilationWidth];
    const toFormat = (t: tf.Tensor4D) => (nhwc ? t : tf.transpose(t, [0, 3, 1, 2]));
    if (dy.size === 0) return tf.zeros(xShape);
    const u = upsampleWithZeros(dy, sH, sW);
    const rows = axisWindow(u.shape[1], info.padInfo.top - (kH - 1) * dH, h + (kH - 1) * dH);
    const cols = axisWindow(u.shape[2], info.padInfo.left - (kW - 1) * dW, w + (kW - 1) * dW);
    const win = windowForConv(u, rows, cols);
    if (win == null) return tf.zeros(xShape);
    const g = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]); // [KH, KW, Co, Ci]
    return toFormat(tf.conv2d(win.x, g, 1, win.pad, 'NHWC', [dH, dW]));
  });
}

export const conv2dBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as unknown as tf.Conv2DBackpropInputInputs;
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } =
      attrs as unknown as tf.Conv2DBackpropInputAttrs;
    return composite(backend as tf.KernelBackend,
      [required(dy, tf.Conv2DBackpropInput, 'dy'), required(filter, tf.Conv2DBackpropInput, 'filter')],
      (dyt, ft) => conv2dBackpropInputComposite(inputShape, dyt as tf.Tensor4D, ft as tf.Tensor4D, pair(strides),
        pad, 1, dimRoundingMode, dataFormat));
  },
};
