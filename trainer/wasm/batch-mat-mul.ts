// BatchMatMul for the wasm backend: an OPTIONAL wrapper around the package's
// own kernel. The native kernel is fast (XNNPACK) only without transposes; with
// transposeA or transposeB it is ~10x slower than transposing explicitly and
// multiplying plainly. Every dense layer's backward pass multiplies by a
// transposed operand (dx = dy W^T, dW = x^T dy), so this wrapper transposes the
// flagged operand(s) with one Transpose each (last two axes) and hands the
// plain product to the native kernel. Products without transposes go straight
// to the native kernel. Installed only with
// registerWasmTrainingKernels({ fastNativeReplacements: true }).
import * as tf from '@tensorflow/tfjs';
import { composite, required } from './composite';
import { nativeKernel } from './native-kernels';

function swapLastTwo(t: tf.Tensor): tf.Tensor {
  const perm = t.shape.map((_, i) => i);
  const r = perm.length;
  [perm[r - 2], perm[r - 1]] = [perm[r - 1]!, perm[r - 2]!];
  return tf.transpose(t, perm);
}

export const batchMatMulConfig: tf.KernelConfig = {
  kernelName: tf.BatchMatMul,
  backendName: 'wasm',
  // The native kernel binds its wasm function in its setupFunc, which the
  // backend runs at initialisation only for the kernels registered then.
  setupFunc: (backend) => nativeKernel(tf.BatchMatMul)?.setupFunc?.(backend),
  kernelFunc: (args) => {
    const { inputs, backend, attrs } = args;
    const { a, b } = inputs as unknown as tf.BatchMatMulInputs;
    const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
    const native = nativeKernel(tf.BatchMatMul);
    if (native == null) throw new Error('BatchMatMul wrapper: the wasm package kernel was not set aside');
    if (!transposeA && !transposeB) return native.kernelFunc(args);
    return composite(backend as tf.KernelBackend,
      [required(a, tf.BatchMatMul, 'a'), required(b, tf.BatchMatMul, 'b')],
      // The inner matMul has no transposes, so it reaches the native kernel
      // through this wrapper's first branch.
      (at, bt) => tf.matMul(transposeA ? swapLastTwo(at) : at, transposeB ? swapLastTwo(bt) : bt));
  },
};
