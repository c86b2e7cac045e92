// Cast to the dtype a tensor already has. tfjs-core casts freely (the relu gradient, the
// Mean kernel, loss and metric code all cast float32 to float32) and tfjs-node runs a
// TensorFlow Cast op for each; here the result shares the input's data instead, as tfjs-node's
// own Identity kernel does: one more reference, no op, identical values.
import * as tf from '@tensorflow/tfjs';
import { TENSORFLOW, type KernelOverride } from './override';

const SHAREABLE: ReadonlySet<tf.DataType> = new Set<tf.DataType>(['float32', 'int32', 'bool']);

export const castOverride: KernelOverride = {
  kernelName: tf.Cast,
  make: (stock) => ({
    kernelName: tf.Cast,
    backendName: TENSORFLOW,
    kernelFunc: (args) => {
      const { x } = args.inputs as unknown as tf.CastInputs;
      const { dtype } = args.attrs as unknown as tf.CastAttrs;
      if (x == null || x.dtype !== dtype || !SHAREABLE.has(dtype)) return stock.kernelFunc(args);
      (args.backend as tf.KernelBackend).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape.slice(), dtype };
    },
  }),
};
