// The wasm package's own kernels that a config of this folder has displaced,
// kept so that they can be restored, and called by wrappers that only
// reroute some cases (batch-mat-mul.ts).
import * as tf from '@tensorflow/tfjs';

const setAside = new Map<string, tf.KernelConfig>();

/** Remembers the package's kernel for `kernelName` (the first one seen wins). */
export function setAsideNative(config: tf.KernelConfig): void {
  if (!setAside.has(config.kernelName)) setAside.set(config.kernelName, config);
}

/** The package's own kernel of that name, if one was set aside. */
export function nativeKernel(kernelName: string): tf.KernelConfig | undefined {
  return setAside.get(kernelName);
}
