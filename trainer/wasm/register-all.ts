// Registers, for the 'wasm' backend, the training (gradient) kernels that
// @tensorflow/tfjs-backend-wasm 4.22.0 lacks, and replaces the one native
// gradient kernel found to compute wrong results. Each kernel lives in its own
// file in this folder and is composed from kernels the wasm backend supports.
import * as tf from '@tensorflow/tfjs';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter';
import { depthwiseConv2dNativeBackpropFilterConfig } from './depthwise-conv2d-native-backprop-filter';
import { depthwiseConv2dNativeBackpropInputConfig } from './depthwise-conv2d-native-backprop-input';
import { maxPoolGradConfig } from './max-pool-grad';

/** Kernels the wasm backend does not have: registered unless one is already there. */
export const wasmTrainingKernelConfigs: readonly tf.KernelConfig[] = [
  conv2dBackpropFilterConfig,
  depthwiseConv2dNativeBackpropFilterConfig,
  depthwiseConv2dNativeBackpropInputConfig,
];

/**
 * Native wasm kernels that give wrong gradients and are therefore replaced
 * (see each file for the defect): MaxPoolGrad drops the gradient of every
 * window whose maximum is <= 0.
 */
export const wasmKernelReplacements: readonly tf.KernelConfig[] = [maxPoolGradConfig];

/**
 * Idempotent. Registers each of wasmTrainingKernelConfigs for backendName
 * 'wasm' unless a kernel of that name is already registered for 'wasm' (by the
 * backend itself or by an earlier call), and installs each of
 * wasmKernelReplacements in place of the package's kernel of that name.
 */
export function registerWasmTrainingKernels(): void {
  // Load the wasm package first (its import registers its own kernels), so that
  // the checks below see every kernel the backend already has.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@tensorflow/tfjs-backend-wasm');
  for (const config of wasmTrainingKernelConfigs) {
    if (tf.getKernel(config.kernelName, 'wasm') != null) continue;
    tf.registerKernel({ ...config, backendName: 'wasm' });
  }
  for (const config of wasmKernelReplacements) {
    const current = tf.getKernel(config.kernelName, 'wasm');
    if (current?.kernelFunc === config.kernelFunc) continue;
    if (current != null) tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel({ ...config, backendName: 'wasm' });
  }
}
