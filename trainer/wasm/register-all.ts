// Registers, for the 'wasm' backend, the training (gradient) kernels that
// @tensorflow/tfjs-backend-wasm 4.22.0 lacks, and replaces the one native
// gradient kernel found to compute wrong results. Each kernel lives in its own
// file in this folder and is composed from kernels the wasm backend supports.
import * as tf from '@tensorflow/tfjs';
import { batchMatMulConfig } from './batch-mat-mul';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter';
import { conv2dBackpropInputConfig } from './conv2d-backprop-input';
import { depthwiseConv2dNativeBackpropFilterConfig } from './depthwise-conv2d-native-backprop-filter';
import { depthwiseConv2dNativeBackpropInputConfig } from './depthwise-conv2d-native-backprop-input';
import { maxPoolGradConfig } from './max-pool-grad';
import { nativeKernel, setAsideNative } from './native-kernels';

/** Kernels the wasm backend does not have: registered unless one is already there. */
export const wasmTrainingKernelConfigs: readonly tf.KernelConfig[] = [
  conv2dBackpropFilterConfig,
  depthwiseConv2dNativeBackpropFilterConfig,
  depthwiseConv2dNativeBackpropInputConfig,
];

/**
 * Native wasm kernels that give wrong gradients and are therefore always
 * replaced (see each file for the defect): MaxPoolGrad drops the gradient of
 * every window whose maximum is <= 0.
 */
export const wasmKernelReplacements: readonly tf.KernelConfig[] = [maxPoolGradConfig];

/**
 * Native wasm kernels that are correct but slow, with faster composed versions,
 * installed only on request (fastNativeReplacements):
 * - Conv2DBackpropInput: the native one is a loop nest, 3-7x slower than the
 *   conv2d-based one on typical CNN shapes (half of a small MNIST CNN's step);
 * - BatchMatMul: the native one is ~10x slower with transposeA/transposeB than
 *   an explicit transpose + plain product (the backward pass of dense layers).
 */
export const wasmOptionalKernelReplacements: readonly tf.KernelConfig[] = [
  conv2dBackpropInputConfig,
  batchMatMulConfig,
];

export interface WasmTrainingKernelOptions {
  /** Install wasmOptionalKernelReplacements (default false: keep the package's kernels). */
  fastNativeReplacements?: boolean;
}

function install(config: tf.KernelConfig): void {
  const current = tf.getKernel(config.kernelName, 'wasm');
  if (current?.kernelFunc === config.kernelFunc) return;
  if (current != null) {
    setAsideNative(current);
    tf.unregisterKernel(config.kernelName, 'wasm');
  }
  tf.registerKernel({ ...config, backendName: 'wasm' });
}

function restoreNative(config: tf.KernelConfig): void {
  const current = tf.getKernel(config.kernelName, 'wasm');
  const native = nativeKernel(config.kernelName);
  if (current?.kernelFunc !== config.kernelFunc || native == null) return;
  tf.unregisterKernel(config.kernelName, 'wasm');
  tf.registerKernel(native);
  // setupFunc runs when the backend initialises; if that happened while the
  // replacement was registered, the native kernel was never set up.
  const backend = tf.findBackend('wasm');
  if (backend != null && native.setupFunc != null) native.setupFunc(backend);
}

/**
 * Idempotent (for the same options). Registers each of
 * wasmTrainingKernelConfigs for backendName 'wasm' unless a kernel of that
 * name is already registered for 'wasm' (by the backend itself or by an
 * earlier call); installs each of wasmKernelReplacements in place of the
 * package's kernel of that name; and installs wasmOptionalKernelReplacements
 * as the options ask (restoring the package's kernel when they no longer do).
 */
export function registerWasmTrainingKernels(options: WasmTrainingKernelOptions = {}): void {
  // Load the wasm package first (its import registers its own kernels), so that
  // the checks below see every kernel the backend already has.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@tensorflow/tfjs-backend-wasm');
  for (const config of wasmTrainingKernelConfigs) {
    if (tf.getKernel(config.kernelName, 'wasm') != null) continue;
    tf.registerKernel({ ...config, backendName: 'wasm' });
  }
  for (const config of wasmKernelReplacements) install(config);
  for (const config of wasmOptionalKernelReplacements) {
    if (options.fastNativeReplacements === true) install(config);
    else restoreNative(config);
  }
}
