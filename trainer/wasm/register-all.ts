// Registers, for the 'wasm' backend, the training (gradient) kernels that
// @tensorflow/tfjs-backend-wasm 4.22.0 lacks. Each kernel lives in its own file
// in this folder and is composed from kernels the wasm backend does support.
import * as tf from '@tensorflow/tfjs';

/** Every kernel config defined in this folder (filled in as kernels are added). */
export const wasmTrainingKernelConfigs: tf.KernelConfig[] = [];

/**
 * Idempotent: registers each config for backendName 'wasm' unless a kernel of
 * that name is already registered for 'wasm' (by the backend itself or by an
 * earlier call).
 */
export function registerWasmTrainingKernels(): void {
  for (const config of wasmTrainingKernelConfigs) {
    if (tf.getKernel(config.kernelName, 'wasm') != null) continue;
    tf.registerKernel({ ...config, backendName: 'wasm' });
  }
}
