// Dilated ('atrous') 2-D convolution with 'same' padding, written so that it is trainable.
// tfjs-core 4.22's Conv2D gradient rejects dilation rates above 1 on every backend, so
// tf.conv2d(..., dilations) cannot be trained. A dilated convolution with rate r equals an
// ordinary convolution applied to the r x r interleaved sub-grids of the input: space-to-batch
// moves each sub-grid into its own batch entry, a plain 'valid' conv2d runs on them, and
// batch-to-space interleaves the results back. All three ops have gradients.
import * as tf from '@tensorflow/tfjs';

/** Zero padding per side so that a kernel of `size` taps spaced `rate` apart keeps the size. */
export function samePadding(kernelSize: number, rate: number): [number, number] {
  const total = (kernelSize - 1) * rate;
  // Like TensorFlow's 'same': any odd pixel of padding goes after, not before.
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/**
 * x: [batch, height, width, inChannels]; kernel: [k, k, inChannels, outChannels].
 * Returns [batch, height, width, outChannels], equal to conv2d(x, kernel, 1, 'same', 'NHWC', rate).
 */
export function atrousConv2dSame(x: tf.Tensor4D, kernel: tf.Tensor4D, rate: number): tf.Tensor4D {
  if (rate === 1) return tf.conv2d(x, kernel, 1, 'same');
  return tf.tidy(() => {
    const [, height, width] = x.shape;
    const kernelSize = kernel.shape[0];
    const [top, bottom] = samePadding(kernelSize, rate);
    const [left, right] = samePadding(kernel.shape[1], rate);
    // Space-to-batch needs each padded side to be a multiple of the rate; the extra rows and
    // columns go at the end and are cropped off again afterwards.
    const extraH = (rate - ((height + top + bottom) % rate)) % rate;
    const extraW = (rate - ((width + left + right) % rate)) % rate;
    const grids = tf.spaceToBatchND(x, [rate, rate], [
      [top, bottom + extraH],
      [left, right + extraW],
    ]) as tf.Tensor4D;
    const convolved = tf.conv2d(grids, kernel, 1, 'valid');
    return tf.batchToSpaceND(convolved, [rate, rate], [
      [0, extraH],
      [0, extraW],
    ]) as tf.Tensor4D;
  });
}
