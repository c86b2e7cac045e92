// Step (x > 0 ? 1 : alpha, NaN stays NaN). tfjs-node builds it from six TensorFlow ops
// (IsNan, Greater, two Fills of the input's size, two Selects); for float32 and alpha = 0,
// the case of every ReLU-style gradient, Sign(Relu(x)) gives the same values in two ops:
// bit for bit, NaN, -0 and denormals included (test/native/step.test.ts).
import * as tf from '@tensorflow/tfjs';
import { floatOp, nodeBackend } from './tf-native';
import { TENSORFLOW, type KernelOverride } from './override';

export const stepOverride: KernelOverride = {
  kernelName: tf.Step,
  make: (stock) => ({
    kernelName: tf.Step,
    backendName: TENSORFLOW,
    kernelFunc: (args) => {
      const { x } = args.inputs as unknown as tf.StepInputs;
      const { alpha } = args.attrs as unknown as tf.StepAttrs;
      if (x == null || x.dtype !== 'float32' || alpha !== 0) return stock.kernelFunc(args);
      const b = nodeBackend(args.backend);
      const relu = floatOp(b, 'Relu', [x]);
      try {
        return floatOp(b, 'Sign', [relu]);
      } finally {
        relu.dispose();
      }
    },
  }),
};
