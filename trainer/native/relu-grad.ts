// Gradient of Relu. tfjs computes dy * step(x): a Step kernel (six TensorFlow ops in
// tfjs-node), a Cast and a Mul, i.e. several passes over the activation for every ReLU layer
// (conv and dense layers with activation 'relu' run unfused during training, so their ReLU
// is this kernel too). TensorFlow's ReluGrad does it in one pass. Values are identical
// (dy where x > 0, dy * 0 elsewhere, signed zeros included) except where x is NaN: tfjs gives
// NaN there, ReluGrad gives 0 (TensorFlow's and Keras's semantics).
import * as tf from '@tensorflow/tfjs';
import { floatOp, nodeBackend } from './tf-native';
import { TENSORFLOW, type GradientOverride } from './override';

export const RELU_GRAD_KERNEL = 'NasReluGrad';

/** NasReluGrad(dy, x) = dy where x > 0, else 0 (TensorFlow ReluGrad). */
const reluGradKernel: tf.KernelConfig = {
  kernelName: RELU_GRAD_KERNEL,
  backendName: TENSORFLOW,
  kernelFunc: ({ inputs, backend }) => {
    const { dy, x } = inputs as { dy: tf.TensorInfo; x: tf.TensorInfo };
    return floatOp(nodeBackend(backend), 'ReluGrad', [dy, x]);
  },
};

/** ReluGrad is linear in dy and piecewise constant in x. */
const reluGradGradient: tf.GradConfig = {
  kernelName: RELU_GRAD_KERNEL,
  inputsToSave: ['x'],
  gradFunc: (g, saved) => {
    const [x] = saved as [tf.Tensor];
    return {
      dy: () => tf.engine().runKernel(RELU_GRAD_KERNEL, { dy: g as tf.Tensor, x }) as tf.Tensor,
      x: () => tf.zerosLike(x),
    };
  },
};

export const reluGradOverride: GradientOverride = {
  kernelName: tf.Relu,
  helperKernels: [reluGradKernel],
  helperGradients: [reluGradGradient],
  make: (stock) => ({
    kernelName: tf.Relu,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [tf.Tensor];
      if (tf.getBackend() !== TENSORFLOW || Array.isArray(dy) || dy.dtype !== 'float32' || x.dtype !== 'float32') {
        return stock.gradFunc(dy, saved, attrs);
      }
      return { x: () => tf.engine().runKernel(RELU_GRAD_KERNEL, { dy, x }) as tf.Tensor };
    },
  }),
};
