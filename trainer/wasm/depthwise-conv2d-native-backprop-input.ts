// DepthwiseConv2dNativeBackpropInput for the wasm backend, as ONE depthwise
// convolution of the (zero-upsampled) output gradient with the spatially
// flipped filter.
//
//   dx[b, i, j, c] = sum_{kh, kw, m} u[b, i + pt - kh*d, j + pl - kw*d, c*M + m] * f[kh, kw, c, m]
//
// where u is dy with (s - 1) zeros inserted after every row and column (u = dy
// when s = 1). Substituting kh -> KH-1-kh turns this into a valid depthwise
// conv (dilation d, stride 1) of a window of u starting at pt - (KH-1)*d, with
// the flipped filter read as [KH, KW, C*M, 1]; for M > 1 the M products per
// input channel are then summed.
import * as tf from '@tensorflow/tfjs';
import { required, axisWindow, composite, pair, Pad, upsampleWithZeros, windowForConv } from './composite';

export function depthwiseConv2dNativeBackpropInputComposite(
  inputShape: [number, number, number, number],
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  strides: number | [number, number],
  pad: Pad,
  dilations: number | [number, number] = 1,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): tf.Tensor4D {
  return tf.tidy(() => {
    const info = tf.backend_util.computeConv2DInfo(
      inputShape, filter.shape, strides, dilations, pad, dimRoundingMode, true, 'channelsLast');
    const [b, h, w, c] = inputShape;
    const [kH, kW, , m] = filter.shape;
    const [sH, sW] = [info.strideHeight, info.strideWidth];
    const [dH, dW] = [info.dilationHeight, info.dilationWidth];
    // An empty output (e.g. a valid conv with a filter larger than the input) has no gradient.
    if (dy.size === 0) return tf.zeros(inputShape);
    const u = upsampleWithZeros(dy, sH, sW);
    const rows = axisWindow(u.shape[1], info.padInfo.top - (kH - 1) * dH, h + (kH - 1) * dH);
    const cols = axisWindow(u.shape[2], info.padInfo.left - (kW - 1) * dW, w + (kW - 1) * dW);
    const win = windowForConv(u, rows, cols);
    if (win == null) return tf.zeros(inputShape);
    const flipped = tf.reshape<tf.Rank.R4>(tf.reverse(filter, [0, 1]), [kH, kW, c * m, 1]);
    const dx = tf.depthwiseConv2d(win.x, flipped, 1, win.pad, 'NHWC', [dH, dW]); // [B, H, W, C*M]
    return m === 1 ? dx : tf.sum(tf.reshape(dx, [b, h, w, c, m]), 4);
  });
}

export const depthwiseConv2dNativeBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as unknown as tf.DepthwiseConv2dNativeBackpropInputInputs;
    const { strides, dilations, pad, dimRoundingMode, inputShape } =
      attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
    const name = tf.DepthwiseConv2dNativeBackpropInput;
    return composite(backend as tf.KernelBackend, [required(dy, name, 'dy'), required(filter, name, 'filter')],
      (dyt, ft) => depthwiseConv2dNativeBackpropInputComposite(inputShape, dyt as tf.Tensor4D, ft as tf.Tensor4D,
        pair(strides), pad, pair(dilations), dimRoundingMode));
  },
};
