// Conv2DBackpropFilter for the wasm backend: the gradient of conv2d with
// respect to its filter, as ONE forward conv2d with transposed operands.
//
//   dW[kh, kw, ci, co] = sum_{b, oh, ow} xp[b, oh*s + kh*d, ow*s + kw*d, ci] * dy[b, oh, ow, co]
//
// (xp: x zero-padded by the forward padding). Read xp as an image with batch
// ci, channels b ([Ci, H, W, B]) and dy as a filter with taps (oh, ow), input
// channels b, output channels co ([OH, OW, B, Co]); then dW is a valid conv2d
// of the two with stride d and dilation s, transposed back to [KH, KW, Ci, Co].
// The wasm backend runs that conv2d with XNNPACK, so the whole kernel is one
// GEMM-like conv plus two transposes (and a slice only when the forward
// padding left rows unread).
import * as tf from '@tensorflow/tfjs';
import { required, axisWindow, channelsLast, composite, pair, Pad, windowForConv } from './composite';

/**
 * Gradient of conv2d(x, filter, strides, pad, dataFormat, dilations) with
 * respect to `filter`, built from transpose + conv2d (+ slice). Supports
 * dilations (one of strides/dilations must be 1, as for conv2d itself).
 */
export function conv2dBackpropFilterComposite(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: [number, number, number, number],
  strides: number | [number, number],
  pad: Pad,
  dilations: number | [number, number] = 1,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
  dataFormat: 'NHWC' | 'NCHW' = 'NHWC',
): tf.Tensor4D {
  return tf.tidy(() => {
    let pad4 = pad;
    if (!channelsLast(dataFormat)) {
      x = tf.transpose(x, [0, 2, 3, 1]);
      dy = tf.transpose(dy, [0, 2, 3, 1]);
      if (typeof pad === 'object') pad4 = [pad[0], pad[2], pad[3], pad[1]];
    }
    const info = tf.backend_util.computeConv2DInfo(
      x.shape, filterShape, strides, dilations, pad4, dimRoundingMode, false, 'channelsLast');
    const [sH, sW] = [info.strideHeight, info.strideWidth];
    const [dH, dW] = [info.dilationHeight, info.dilationWidth];
    const rows = axisWindow(info.inHeight, -info.padInfo.top,
      (info.filterHeight - 1) * dH + (info.outHeight - 1) * sH + 1);
    const cols = axisWindow(info.inWidth, -info.padInfo.left,
      (info.filterWidth - 1) * dW + (info.outWidth - 1) * sW + 1);
    // An empty output (e.g. a valid conv with a filter larger than the input) has no gradient.
    if (dy.size === 0 || x.size === 0) return tf.zeros(filterShape);
    const xT = tf.transpose(x, [3, 1, 2, 0]); // [Ci, H, W, B]
    const win = windowForConv(xT, rows, cols);
    if (win == null) return tf.zeros(filterShape);
    const dyT = tf.transpose(dy, [1, 2, 0, 3]); // [OH, OW, B, Co]
    const dWT = tf.conv2d(win.x, dyT, [dH, dW], win.pad, 'NHWC', [sH, sW]); // [Ci, KH, KW, Co]
    return tf.transpose(dWT, [1, 2, 0, 3]);
  });
}

export const conv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as unknown as tf.Conv2DBackpropFilterInputs;
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
      attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    const name = tf.Conv2DBackpropFilter;
    return composite(backend as tf.KernelBackend, [required(x, name, 'x'), required(dy, name, 'dy')],
      (xt, dyt) => conv2dBackpropFilterComposite(xt as tf.Tensor4D, dyt as tf.Tensor4D, filterShape,
        pair(strides), pad, 1, dimRoundingMode, dataFormat));
  },
};
