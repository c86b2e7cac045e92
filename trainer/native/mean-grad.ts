// Gradient of Mean (global average pooling, the losses' batch means). tfjs computes
// dy * ones(x.shape) / n, building the ones in JavaScript and uploading them: for a
// [64,14,14,32] pooling input that is a 400k-element array per step (~1 ms) and two passes
// over it. Here: dy / n on the small tensor, then one BroadcastTo. The values are the same
// (multiplying by one is exact, and each element is the same division).
import * as tf from '@tensorflow/tfjs';
import { attr, nodeBackend, RawOps } from './tf-native';
import { TENSORFLOW, type GradientOverride } from './override';

export const MEAN_GRAD_KERNEL = 'NasMeanGrad';

interface MeanGradAttrs {
  /** The shape dy is viewed as (x's shape with the reduced axes set to 1). */
  expandedShape: number[];
  xShape: number[];
  reduceSize: number;
}

const meanGradKernel: tf.KernelConfig = {
  kernelName: MEAN_GRAD_KERNEL,
  backendName: TENSORFLOW,
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { dy } = inputs as { dy: tf.TensorInfo };
    const { expandedShape, xShape, reduceSize } = attrs as unknown as MeanGradAttrs;
    const raw = new RawOps(nodeBackend(backend));
    const b = raw.b;
    try {
      const f32 = attr.type(b, 'T', 'float32');
      const shaped = raw.op('Reshape', [f32, attr.type(b, 'Tshape', 'int32')], [raw.of(dy), raw.int32(expandedShape)]);
      const divided = raw.op('RealDiv', [f32], [shaped, raw.scalar(reduceSize)]);
      return raw.out(raw.op('BroadcastTo', [f32, attr.type(b, 'Tidx', 'int32')], [divided, raw.int32(xShape)]));
    } finally {
      raw.dispose();
    }
  },
};

/** Linear in dy: the gradient of the broadcast-and-divide is the mean gradient's own adjoint. */
const meanGradGradient: tf.GradConfig = {
  kernelName: MEAN_GRAD_KERNEL,
  inputsToSave: ['dy'],
  gradFunc: (g, saved, attrs) => {
    const [dy] = saved as [tf.Tensor];
    const { expandedShape, reduceSize } = attrs as unknown as MeanGradAttrs;
    const grad = g as tf.Tensor;
    const axes = expandedShape.flatMap((d, i) => (d === 1 && grad.shape[i] !== 1 ? [i] : []));
    return { dy: () => tf.reshape(tf.div(tf.sum(grad, axes), reduceSize), dy.shape) };
  },
};

export const meanGradOverride: GradientOverride = {
  kernelName: tf.Mean,
  helperKernels: [meanGradKernel],
  helperGradients: [meanGradGradient],
  make: (stock) => ({
    kernelName: tf.Mean,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [tf.Tensor];
      if (tf.getBackend() !== TENSORFLOW || Array.isArray(dy) || dy.dtype !== 'float32') return stock.gradFunc(dy, saved, attrs);
      const axes = tf.util.parseAxisParam((attrs as unknown as tf.MeanAttrs).axis, x.shape);
      const expandedShape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
      const reduceSize = axes.reduce((n, a) => n * x.shape[a]!, 1);
      const kernelAttrs: MeanGradAttrs = { expandedShape, xShape: x.shape.slice(), reduceSize };
      return { x: () => tf.engine().runKernel(MEAN_GRAD_KERNEL, { dy }, kernelAttrs as unknown as tf.NamedAttrMap) as tf.Tensor };
    },
  }),
};
