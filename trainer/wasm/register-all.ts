// Registers, for the 'wasm' backend, the training (gradient) kernels that
// @tensorflow/tfjs-backend-wasm 4.22.0 lacks. Each kernel lives in its own file
// in this folder and is composed from kernels the wasm backend does support.
import * as tf from '@tensorflow/tfjs';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter';
import { depthwiseConv2dNativeBackpropFilterConfig } from './depthwise-conv2d-native-backprop-filter';
import { depthwiseConv2dNativeBackpropInputConfig } from './depthwise-conv2d-native-backprop-input';

/** Every kernel config defined in this folder. */
export const wasmTrainingKernelConfigs: readonly tf.KernelConfig[] = [
  conv2dBackpropFilterConfig,
  depthwiseConv2dNativeBackpropFilterConfig,
  depthwiseConv2dNativeBackpropInputConfig,
];

/**
 * Idempotent: registers each config for backendName 'wasm' unless a kernel of
 * that name is already registered for 'wasm' (by the backend itself or by an
 * earlier call).
 */
export function registerWasmTrainingKernels(): void {
  // Load the wasm package first (its import registers its own kernels), so that
  // the check below sees every kernel the backend already has.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@tensorflow/tfjs-backend-wasm');
  for (const config of wasmTrainingKernelConfigs) {
    if (tf.getKernel(config.kernelName, 'wasm') != null) continue;
    tf.registerKernel({ ...config, backendName: 'wasm' });
  }
}
