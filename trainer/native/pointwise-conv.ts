// 1x1 convolutions with stride 1 (the pointwise half of every separable conv, the 1x1 mixing
// convs) and their two gradients, as matrix products: with x viewed as [N*H*W, Ci] and the
// filter as [Ci, Co], Conv2D is x W, Conv2DBackpropInput is dy W^T and Conv2DBackpropFilter is
// x^T dy. The first two need no reshapes: BatchMatMulV2 broadcasts the [1,1,Ci,Co] filter over
// the [N,H] batch dimensions of an NHWC tensor. TensorFlow's oneDNN convolutions are slow for these tall, thin shapes; its
// BatchMatMulV2 takes 30-50% less time (e.g. 0.51 vs 0.85 ms for the filter gradient of a
// [64,28,28,32] -> 16 conv). BatchMatMulV2, not MatMul: TF 2.21's eager MatMul corrupts the
// heap under frequent signals (README.md). GEMM and convolution add the Ci (or N*H*W) products
// in different orders: float32 rounding differences.
import * as tf from '@tensorflow/tfjs';
import { attr, nodeBackend, RawOps } from './tf-native';
import { TENSORFLOW, type KernelOverride } from './override';

type Pad = tf.Conv2DAttrs['pad'];

const ones = (v: number | number[] | undefined): boolean => v === undefined || (Array.isArray(v) ? v.every((e) => e === 1) : v === 1);

/** 'same' and 'valid' are the same for a 1x1 stride-1 convolution (and all tfjs-node accepts). */
function padIsNoop(pad: Pad): boolean {
  return pad === 'same' || pad === 'valid';
}

function pointwise(filterShape: number[], strides: number | number[], pad: Pad, dataFormat: string, dtypes: tf.DataType[], dilations?: number | number[]): boolean {
  return filterShape[0] === 1 && filterShape[1] === 1 && ones(strides) && ones(dilations) && padIsNoop(pad) &&
    dataFormat === 'NHWC' && dtypes.every((d) => d === 'float32');
}

const pixels = (shape: number[]) => shape[0]! * shape[1]! * shape[2]!;

function batchMatMul(backend: unknown, a: tf.TensorInfo, b: tf.TensorInfo, adjA: boolean, adjB: boolean): tf.Tensor {
  const be = nodeBackend(backend);
  return be.executeSingleOutput('BatchMatMulV2', [attr.type(be, 'T', 'float32'), attr.bool(be, 'adj_x', adjA), attr.bool(be, 'adj_y', adjB)], [a, b]);
}

/** x^T dy over all pixels: both viewed as matrices [N*H*W, C], the product shaped as the filter. */
function filterGradient(backend: unknown, x: tf.TensorInfo, dy: tf.TensorInfo, filterShape: number[]): tf.Tensor {
  const raw = new RawOps(nodeBackend(backend));
  const be = raw.b;
  try {
    const f32 = attr.type(be, 'T', 'float32');
    const reshape = [f32, attr.type(be, 'Tshape', 'int32')];
    const matrix = (t: tf.TensorInfo) => raw.op('Reshape', reshape, [raw.of(t), raw.int32([pixels(t.shape), -1])]);
    const m = raw.op('BatchMatMulV2', [f32, attr.bool(be, 'adj_x', true), attr.bool(be, 'adj_y', false)], [matrix(x), matrix(dy)]);
    return raw.out(raw.op('Reshape', reshape, [m, raw.int32(filterShape)]));
  } finally {
    raw.dispose();
  }
}

export const pointwiseConv2dOverride: KernelOverride = {
  kernelName: tf.Conv2D,
  make: (stock) => ({
    kernelName: tf.Conv2D,
    backendName: TENSORFLOW,
    kernelFunc: (args) => {
      const { x, filter } = args.inputs as unknown as tf.Conv2DInputs;
      const a = args.attrs as unknown as tf.Conv2DAttrs;
      if (x == null || filter == null || x.shape.length !== 4 ||
          !pointwise(filter.shape, a.strides, a.pad, a.dataFormat, [x.dtype, filter.dtype], a.dilations)) {
        return stock.kernelFunc(args);
      }
      return batchMatMul(args.backend, x, filter, false, false);
    },
  }),
};

export const pointwiseConv2dBackpropInputOverride: KernelOverride = {
  kernelName: tf.Conv2DBackpropInput,
  make: (stock) => ({
    kernelName: tf.Conv2DBackpropInput,
    backendName: TENSORFLOW,
    kernelFunc: (args) => {
      const { dy, filter } = args.inputs as unknown as tf.Conv2DBackpropInputInputs;
      const a = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
      if (dy == null || filter == null || dy.shape.length !== 4 ||
          !pointwise(filter.shape, a.strides, a.pad, a.dataFormat, [dy.dtype, filter.dtype])) {
        return stock.kernelFunc(args);
      }
      return batchMatMul(args.backend, dy, filter, false, true);
    },
  }),
};

export const pointwiseConv2dBackpropFilterOverride: KernelOverride = {
  kernelName: tf.Conv2DBackpropFilter,
  make: (stock) => ({
    kernelName: tf.Conv2DBackpropFilter,
    backendName: TENSORFLOW,
    kernelFunc: (args) => {
      const { x, dy } = args.inputs as unknown as tf.Conv2DBackpropFilterInputs;
      const a = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
      if (x == null || dy == null || x.shape.length !== 4 ||
          !pointwise(a.filterShape, a.strides, a.pad, a.dataFormat, [x.dtype, dy.dtype])) {
        return stock.kernelFunc(args);
      }
      return filterGradient(args.backend, x, dy, [...a.filterShape]);
    },
  }),
};
