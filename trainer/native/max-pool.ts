// MaxPool forward: while a gradient is being recorded, run oneDNN's pool that also returns a
// workspace for the backward pass (see max-pool-workspace.ts). Outputs are the same values as
// the stock kernel's (checked by the probe and by test/native/max-pool.test.ts). Inference,
// other dtypes, GPU devices and builds without the oneDNN ops use the stock kernel.
import * as tf from '@tensorflow/tfjs';
import { nodeBackend } from './tf-native';
import { TENSORFLOW, type KernelOverride } from './override';
import { keepWorkspace, MKL_MAX_POOL, oneDnnPoolingAvailable, opKey, poolAttrs, poolOp } from './max-pool-workspace';

export const maxPoolOverride: KernelOverride = {
  kernelName: tf.MaxPool,
  make: (stock) => ({
    kernelName: tf.MaxPool,
    backendName: TENSORFLOW,
    kernelFunc: (args) => {
      const { x } = args.inputs as unknown as tf.MaxPoolInputs;
      const attrs = args.attrs as unknown as tf.MaxPoolAttrs;
      // gradientDepth > 0: inside tf.grad / optimizer.minimize, so a MaxPoolGrad may follow.
      if (x == null || x.dtype !== 'float32' || tf.engine().state.gradientDepth === 0) return stock.kernelFunc(args);
      const op = poolOp(x.shape, attrs);
      const b = nodeBackend(args.backend);
      if (op === undefined || !oneDnnPoolingAvailable(b)) return stock.kernelFunc(args);
      const [yMeta, wsMeta] = b.binding.executeOp(MKL_MAX_POOL, poolAttrs(b, op, true), b.getInputTensorIds([x]), 2);
      const y = b.createOutputTensor(yMeta!);
      keepWorkspace(b, y.dataId, { workspaceId: wsMeta!.id, input: x.dataId, key: opKey(op, x.shape) });
      return y;
    },
  }),
};
