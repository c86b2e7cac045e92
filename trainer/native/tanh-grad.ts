// Gradient of Tanh. tfjs computes (1 - square(y)) * dy in three ops (plus a scalar);
// TensorFlow's TanhGrad computes the same expression, in the same order, in one pass:
// results are bit-identical (test/native/activation-grads.test.ts).
import * as tf from '@tensorflow/tfjs';
import { floatOp, nodeBackend } from './tf-native';
import { TENSORFLOW, type GradientOverride } from './override';

export const TANH_GRAD_KERNEL = 'NasTanhGrad';

/** NasTanhGrad(y, dy) = dy * (1 - y * y) (TensorFlow TanhGrad). */
const tanhGradKernel: tf.KernelConfig = {
  kernelName: TANH_GRAD_KERNEL,
  backendName: TENSORFLOW,
  kernelFunc: ({ inputs, backend }) => {
    const { y, dy } = inputs as { y: tf.TensorInfo; dy: tf.TensorInfo };
    return floatOp(nodeBackend(backend), 'TanhGrad', [y, dy]);
  },
};

/** d/d(dy) = g * (1 - y^2); d/dy = g * dy * (-2 y), as tfjs's own formula differentiates. */
const tanhGradGradient: tf.GradConfig = {
  kernelName: TANH_GRAD_KERNEL,
  inputsToSave: ['y', 'dy'],
  gradFunc: (g, saved) => {
    const [y, dy] = saved as [tf.Tensor, tf.Tensor];
    const grad = g as tf.Tensor;
    return {
      y: () => tf.mul(tf.mul(grad, dy), tf.mul(y, -2)),
      dy: () => tf.engine().runKernel(TANH_GRAD_KERNEL, { y, dy: grad }) as tf.Tensor,
    };
  },
};

export const tanhGradOverride: GradientOverride = {
  kernelName: tf.Tanh,
  helperKernels: [tanhGradKernel],
  helperGradients: [tanhGradGradient],
  make: (stock) => ({
    kernelName: tf.Tanh,
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [y] = saved as [tf.Tensor];
      if (tf.getBackend() !== TENSORFLOW || Array.isArray(dy) || dy.dtype !== 'float32' || y.dtype !== 'float32') {
        return stock.gradFunc(dy, saved, attrs);
      }
      return { x: () => tf.engine().runKernel(TANH_GRAD_KERNEL, { y, dy }) as tf.Tensor };
    },
  }),
};
