// Gradient of Selu, by tfjs's own formula: x > 0 ? dy * scale : dy * scale * alpha * exp(x).
// tfjs runs it as ~9 kernels (two scalars, Greater, three Muls, Exp, Cast, a broadcasting
// where); here the same TensorFlow ops run from one kernel, in the same order, so the values
// are bit-identical. TensorFlow's own SeluGrad is not used: it works from the outputs, which
// differs at x = 0 (scale instead of scale * alpha) and loses precision for very negative x.
import * as tf from '@tensorflow/tfjs';
import { attr, floatOp, nodeBackend } from './tf-native';
import { TENSORFLOW, type GradientOverride } from './override';

export const SELU_GRAD_KERNEL = 'NasSeluGrad';

// The constants of tfjs-core's selu_util (not exported by tfjs).
const SELU_SCALEALPHA = 1.7580993408473768599402175208123;
const SELU_SCALE = 1.0507009873554804934193349852946;

const seluGradKernel: tf.KernelConfig = {
  kernelName: SELU_GRAD_KERNEL,
  backendName: TENSORFLOW,
  kernelFunc: ({ inputs, backend }) => {
    const { dy, x } = inputs as { dy: tf.TensorInfo; x: tf.TensorInfo };
    const b = nodeBackend(backend);
    const zero = tf.scalar(0);
    const scale = tf.scalar(SELU_SCALE);
    const scaleAlpha = tf.scalar(SELU_SCALEALPHA);
    const temps: tf.Tensor[] = [zero, scale, scaleAlpha];
    try {
      const mask = b.executeSingleOutput('Greater', [attr.type(b, 'T', 'float32')], [x, zero]);
      temps.push(mask);
      const positive = floatOp(b, 'Mul', [dy, scale]);
      temps.push(positive);
      const dyScaled = floatOp(b, 'Mul', [dy, scaleAlpha]);
      temps.push(dyScaled);
      const expX = floatOp(b, 'Exp', [x]);
      temps.push(expX);
      const negative = floatOp(b, 'Mul', [dyScaled, expX]);
      temps.push(negative);
      return floatOp(b, 'Select', [mask, positive, negative]);
    } finally {
      tf.dispose(temps);
    }
  },
};

/** Linear in dy; in x only the exp branch varies. */
const seluGradGradient: tf.GradConfig = {
  kernelName: SELU_GRAD_KERNEL,
  inputsToSave: ['dy', 'x'],
  gradFunc: (g, saved) => {
    const [dy, x] = saved as [tf.Tensor, tf.Tensor];
    const grad = g as tf.Tensor;
    return {
      dy: () => tf.engine().runKernel(SELU_GRAD_KERNEL, { dy: grad, x }) as tf.Tensor,
      x: () => tf.where(tf.greater(x, 0), tf.zerosLike(x), tf.mul(tf.mul(tf.mul(grad, dy), SELU_SCALEALPHA), tf.exp(x))),
    };
  },
};

export const seluGradOverride: GradientOverride = {
  kernelName: tf.Selu,
  helperKernels: [seluGradKernel],
  helperGradients: [seluGradGradient],
  make: (stock) => ({
    kernelName: tf.Selu,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [tf.Tensor];
      if (tf.getBackend() !== TENSORFLOW || Array.isArray(dy) || dy.dtype !== 'float32' || x.dtype !== 'float32') {
        return stock.gradFunc(dy, saved, attrs);
      }
      return { x: () => tf.engine().runKernel(SELU_GRAD_KERNEL, { dy, x }) as tf.Tensor };
    },
  }),
};
