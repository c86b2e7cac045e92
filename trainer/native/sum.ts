// Sum over every axis but the last: the gradient of each bias add (tfjs reduces dy over the
// broadcast axes). TensorFlow's Sum kernel is slow for that pattern on CPU (Eigen reduces over
// the outer axes with a strided walk: ~1 ms for a [64,26,26,32] gradient) while BiasAddGrad, the
// op Keras uses for the same job, takes ~0.3 ms. The two add in different orders, so float32
// results differ by rounding (relative to the sum of magnitudes, ~1e-7).
import * as tf from '@tensorflow/tfjs';
import { attr, nodeBackend } from './tf-native';
import { TENSORFLOW, type KernelOverride } from './override';

/** Whether `axes` (already normalised, any order) are exactly 0 .. rank-2. */
function allButLast(axes: number[], rank: number): boolean {
  if (rank < 2 || axes.length !== rank - 1) return false;
  const sorted = [...axes].sort((a, b) => a - b);
  return sorted.every((a, i) => a === i);
}

export const sumOverride: KernelOverride = {
  kernelName: tf.Sum,
  make: (stock) => ({
    kernelName: tf.Sum,
    backendName: TENSORFLOW,
    kernelFunc: (args) => {
      const { x } = args.inputs as unknown as tf.SumInputs;
      const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
      if (x == null || x.dtype !== 'float32') return stock.kernelFunc(args);
      const rank = x.shape.length;
      if (!allButLast(tf.util.parseAxisParam(axis, x.shape), rank)) return stock.kernelFunc(args);
      const b = nodeBackend(args.backend);
      const sums = b.executeSingleOutput('BiasAddGrad', [attr.type(b, 'T', 'float32'), attr.string(b, 'data_format', 'NHWC')], [x]);
      if (!keepDims) return sums;
      const shape = tf.tensor1d([...new Array<number>(rank - 1).fill(1), x.shape[rank - 1]!], 'int32');
      try {
        return b.executeSingleOutput('Reshape', [attr.type(b, 'T', 'float32'), attr.type(b, 'Tshape', 'int32')], [sums, shape]);
      } finally {
        tf.dispose([sums, shape]);
      }
    },
  }),
};
