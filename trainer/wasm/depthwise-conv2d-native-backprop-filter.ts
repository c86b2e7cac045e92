// DepthwiseConv2dNativeBackpropFilter for the wasm backend, as ONE depthwise
// convolution with transposed operands followed by a sum over the batch.
//
//   dW[kh, kw, c, m] = sum_{b, oh, ow} xp[b, oh*s + kh*d, ow*s + kw*d, c] * dy[b, oh, ow, c*M + m]
//
// Fold the batch into the channels: xp as one image [1, H, W, B*C], dy as a
// depthwise filter [OH, OW, B*C, M] (taps (oh, ow), multiplier M). A valid
// depthwise conv of the two with stride d and dilation s yields, for every
// (b, c, m), the per-sample filter gradient [1, KH, KW, B*C*M]; summing over b
// gives dW. (The contraction over the batch cannot be expressed inside a
// depthwise conv, hence the separate sum; it reads only KH*KW*B*C*M values.)
import * as tf from '@tensorflow/tfjs';
import { required, axisWindow, composite, pair, Pad, windowForConv } from './composite';

export function depthwiseConv2dNativeBackpropFilterComposite(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: [number, number, number, number],
  strides: number | [number, number],
  pad: Pad,
  dilations: number | [number, number] = 1,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): tf.Tensor4D {
  return tf.tidy(() => {
    const info = tf.backend_util.computeConv2DInfo(
      x.shape, filterShape, strides, dilations, pad, dimRoundingMode, true, 'channelsLast');
    const [b, , , c] = x.shape;
    const [kH, kW, , m] = filterShape;
    const [sH, sW] = [info.strideHeight, info.strideWidth];
    const [dH, dW] = [info.dilationHeight, info.dilationWidth];
    const rows = axisWindow(info.inHeight, -info.padInfo.top, (kH - 1) * dH + (info.outHeight - 1) * sH + 1);
    const cols = axisWindow(info.inWidth, -info.padInfo.left, (kW - 1) * dW + (info.outWidth - 1) * sW + 1);
    // An empty output (e.g. a valid conv with a filter larger than the input) has no gradient.
    if (dy.size === 0 || x.size === 0) return tf.zeros(filterShape);
    // [B, H, W, C] -> [H, W, B, C] -> [1, H, W, B*C]
    const xT = tf.reshape<tf.Rank.R4>(tf.transpose(x, [1, 2, 0, 3]), [1, info.inHeight, info.inWidth, b * c]);
    const win = windowForConv(xT, rows, cols);
    if (win == null) return tf.zeros(filterShape);
    // [B, OH, OW, C*M] -> [OH, OW, B, C*M] -> [OH, OW, B*C, M]
    const dyT = tf.reshape<tf.Rank.R4>(tf.transpose(dy, [1, 2, 0, 3]), [info.outHeight, info.outWidth, b * c, m]);
    const perSample = tf.depthwiseConv2d(win.x, dyT, [dH, dW], win.pad, 'NHWC', [sH, sW]); // [1, KH, KW, B*C*M]
    const summed = b === 1 ? perSample : tf.sum(tf.reshape(perSample, [kH, kW, b, c * m]), 2);
    return tf.reshape(summed, filterShape);
  });
}

export const depthwiseConv2dNativeBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as unknown as tf.DepthwiseConv2dNativeBackpropFilterInputs;
    const { strides, dilations, pad, dimRoundingMode, filterShape } =
      attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
    const name = tf.DepthwiseConv2dNativeBackpropFilter;
    return composite(backend as tf.KernelBackend, [required(x, name, 'x'), required(dy, name, 'dy')],
      (xt, dyt) => depthwiseConv2dNativeBackpropFilterComposite(xt as tf.Tensor4D, dyt as tf.Tensor4D,
        filterShape, pair(strides), pad, pair(dilations), dimRoundingMode));
  },
};
