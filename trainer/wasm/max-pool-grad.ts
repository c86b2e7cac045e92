// MaxPoolGrad for the wasm backend. REPLACES the package's own kernel: in
// @tensorflow/tfjs-backend-wasm 4.22.0 the native MaxPoolGrad (and
// MaxPoolWithArgmax) start their running maximum at 0 instead of -infinity, so
// every window whose maximum is <= 0 gets no gradient at all (and ties at 0
// are routed arbitrarily). Max pooling after a linear conv, batch norm or a
// residual add sees negative windows all the time; training would silently
// lose gradient. (The forward MaxPool, from XNNPACK, is correct.)
//
// Composition (first maximum in window scan order wins, as in the cpu kernel):
//  1. pad x with -FLT_MAX where the forward pooling padded;
//  2. extract every window's P = PH*PW taps with ONE depthwise conv whose
//     filter is one-hot per tap ([PH, PW, C, P], stride = pool stride):
//     patches [B, OH, OW, C*P] (each output is exactly one input value);
//  3. t = argMax over the P taps (first maximum on ties);
//  4. the flat input index of the chosen tap is a per-(b, oh, ow, c) base index
//     plus a per-tap offset (a gather from a P-entry table);
//  5. dx = scatterND(index, dy) into a zero [B*H*W*C] (ScatterNd sums
//     duplicates, which is what overlapping windows need).
import * as tf from '@tensorflow/tfjs';
import { axisWindow, composite, pair, required } from './composite';

const LOWEST = -3.4028234663852886e38; // -FLT_MAX: below any finite float32 input

export function maxPoolGradComposite(
  dy: tf.Tensor4D,
  x: tf.Tensor4D,
  filterSize: number | [number, number],
  strides: number | [number, number],
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): tf.Tensor4D {
  return tf.tidy(() => {
    const info = tf.backend_util.computePool2DInfo(x.shape, filterSize, strides, 1, pad, dimRoundingMode);
    const [b, h, w, c] = x.shape;
    const { outHeight: oh, outWidth: ow, filterHeight: ph, filterWidth: pw } = info;
    const [sH, sW] = [info.strideHeight, info.strideWidth];
    const top = info.padInfo.top;
    const left = info.padInfo.left;
    if (dy.size === 0 || x.size === 0) return tf.zeros(x.shape);
    const taps = ph * pw;

    // 1-2. All window taps, -FLT_MAX outside the input.
    const rows = axisWindow(h, -top, (oh - 1) * sH + ph);
    const cols = axisWindow(w, -left, (ow - 1) * sW + pw);
    if (rows.sliceSize === 0 || cols.sliceSize === 0) return tf.zeros(x.shape);
    const cropped = rows.sliceSize === h && cols.sliceSize === w
      ? x
      : tf.slice(x, [0, rows.sliceBegin, cols.sliceBegin, 0], [b, rows.sliceSize, cols.sliceSize, c]);
    const padded = rows.padBefore + rows.padAfter + cols.padBefore + cols.padAfter === 0
      ? cropped
      : tf.pad(cropped, [[0, 0], [rows.padBefore, rows.padAfter], [cols.padBefore, cols.padAfter], [0, 0]], LOWEST);
    // Built on the JS side: the wasm OneHot kernel (4.22.0) writes int32 bit
    // patterns into float32 outputs, so tf.oneHot(..., 'float32') is unusable.
    const selector = new Float32Array(taps * c * taps);
    for (let t = 0; t < taps; t++) for (let ch = 0; ch < c; ch++) selector[(t * c + ch) * taps + t] = 1;
    const oneHot = tf.tensor4d(selector, [ph, pw, c, taps]);
    const patches = tf.depthwiseConv2d(padded as tf.Tensor4D, oneHot, [sH, sW], 'valid'); // [B, OH, OW, C*P]
    const windows = tf.reshape(patches, [b, oh, ow, c, taps]);

    // 3. Chosen tap per window.
    const tap = tf.argMax(windows, 4); // int32 [B, OH, OW, C]

    // 4. Index of the chosen tap, as (image b, flat index within the image):
    //    within = ((oh*sH - top + i)*W + ow*sW - left + j)*C + c   for tap t = i*PW + j
    //           = perImage[oh, ow, c] + t*C + i*(W - PW)*C,   i = floor(t / PW).
    // Computed in float32, exact below 2^24 per image. (float32 because the
    // wasm backend's int32 broadcasting ops are ~30x slower than XNNPACK's
    // float32 ones; the per-image split keeps the values small.)
    const axisTerm = (n: number, step: number, offset: number, scale: number, shape: number[]) =>
      tf.reshape(tf.mul(tf.sub(tf.mul(tf.range(0, n), step), offset), scale), shape);
    const perImage = tf.add( // [1, OH, OW, C]
      tf.add(axisTerm(oh, sH, top, w * c, [1, oh, 1, 1]), axisTerm(ow, sW, left, c, [1, 1, ow, 1])),
      tf.reshape(tf.range(0, c), [1, 1, 1, c]));
    const t = tf.cast(tap, 'float32');
    let tapOffset = tf.mul(t, c);
    if (ph > 1 && pw !== w) tapOffset = tf.add(tapOffset, tf.mul(tf.floor(tf.div(t, pw)), (w - pw) * c));
    const within = tf.add(tapOffset, perImage); // [B, OH, OW, C]
    const image = tf.add(tf.zeros([1, oh, ow, c]), tf.reshape(tf.range(0, b), [b, 1, 1, 1]));
    // [N, 2] pairs: stacked on a new leading axis then transposed (the wasm
    // Pack kernel is ~10x slower at interleaving on a trailing axis).
    const n = b * oh * ow * c;
    let index = tf.transpose(tf.reshape(tf.stack([image, within]), [2, n]));
    let grad: tf.Tensor = dy;

    // A window lying entirely in the padding (possible only with explicit or
    // numeric pads >= the pool size) selects a padded tap: drop its gradient.
    const windowsMayBeAllPadding = top >= ph || left >= pw ||
      (oh - 1) * sH - top >= h || (ow - 1) * sW - left >= w;
    if (windowsMayBeAllPadding) {
      const valid = tf.greater(tf.max(windows, 4), LOWEST);
      index = tf.where(tf.reshape(valid, [n, 1]), index, tf.zerosLike(index));
      grad = tf.where(valid, grad, tf.zerosLike(grad));
    }

    // 5. Route dy to the chosen inputs, summing where windows overlap.
    const dx = tf.scatterND(tf.cast(index, 'int32'), tf.reshape(grad, [n]), [b, h * w * c]);
    return tf.reshape(dx, x.shape);
  });
}

export const maxPoolGradConfig: tf.KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { dy, input } = inputs as unknown as tf.MaxPoolGradInputs;
    const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPoolGradAttrs;
    return composite(backend as tf.KernelBackend,
      [required(dy, tf.MaxPoolGrad, 'dy'), required(input, tf.MaxPoolGrad, 'input')],
      (dyt, xt) => maxPoolGradComposite(dyt as tf.Tensor4D, xt as tf.Tensor4D, pair(filterSize), pair(strides),
        pad, dimRoundingMode));
  },
};
