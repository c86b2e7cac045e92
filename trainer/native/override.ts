// The two kinds of override this folder installs on the 'tensorflow' backend. Each is built
// from the stock config it replaces, because every override handles only some cases (a
// dtype, a shape, an attribute value) and hands all others to the stock implementation.
import type * as tf from '@tensorflow/tfjs';

/** Replaces tfjs-node's kernel `kernelName` for backendName 'tensorflow'. */
export interface KernelOverride {
  kernelName: string;
  /** The replacement kernel; `stock` is the kernel tfjs-node registered. */
  make(stock: tf.KernelConfig): tf.KernelConfig;
}

/**
 * Replaces the gradient of kernel `kernelName`. Gradients are registered for all backends at
 * once, so the replacement must branch on the active backend and keep `stock` elsewhere.
 */
export interface GradientOverride {
  kernelName: string;
  /** Kernels (backendName 'tensorflow') that the replacement gradient runs. */
  helperKernels: readonly tf.KernelConfig[];
  /** Gradients of the helper kernels, so that second-order gradients keep working. */
  helperGradients: readonly tf.GradConfig[];
  make(stock: tf.GradConfig): tf.GradConfig;
}

export const TENSORFLOW = 'tensorflow';
