// MaxPoolGrad from the workspace that the MaxPool override kept for this output: oneDNN's
// backward pool, ~10x faster than TensorFlow's MaxPoolGrad. Same values as the stock kernel for
// non-overlapping windows (pool size = stride, the common case), ties included: both give a
// window's gradient to its first maximum in row-major order. With overlapping windows an input
// can collect gradient from several windows and the two add those contributions in different
// orders (differences of float32 rounding). One case differs: a window whose first element is
// NaN; TensorFlow's MaxPoolGrad gives it the gradient, oneDNN gives it to the element the
// forward pool returned. Without a workspace (no recorded forward, or a mismatch) the stock
// kernel runs.
import * as tf from '@tensorflow/tfjs';
import { nodeBackend } from './tf-native';
import { TENSORFLOW, type KernelOverride } from './override';
import { MKL_MAX_POOL_GRAD, opKey, poolAttrs, poolOp, releaseWorkspace, takeWorkspace } from './max-pool-workspace';

export const maxPoolGradOverride: KernelOverride = {
  kernelName: tf.MaxPoolGrad,
  make: (stock) => ({
    kernelName: tf.MaxPoolGrad,
    backendName: TENSORFLOW,
    kernelFunc: (args) => {
      const { dy, input, output } = args.inputs as unknown as tf.MaxPoolGradInputs;
      if (dy == null || input == null || output == null) return stock.kernelFunc(args);
      const pending = takeWorkspace(output.dataId);
      if (pending === undefined) return stock.kernelFunc(args);
      const b = nodeBackend(args.backend);
      try {
        const op = poolOp(input.shape, args.attrs as unknown as tf.MaxPoolGradAttrs);
        if (op === undefined || pending.input !== input.dataId || pending.key !== opKey(op, input.shape) ||
            dy.dtype !== 'float32' || !tf.util.arraysEqual(dy.shape, output.shape)) {
          return stock.kernelFunc(args);
        }
        const ids = [...b.getInputTensorIds([input, output, dy]), pending.workspaceId];
        return b.createOutputTensor(b.binding.executeOp(MKL_MAX_POOL_GRAD, poolAttrs(b, op, true), ids, 1)[0]!);
      } finally {
        releaseWorkspace(b, pending);
      }
    },
  }),
};
