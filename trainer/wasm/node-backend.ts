// Starting the tfjs wasm backend inside Node, with the training kernels of this
// folder registered.
//
// In Node the Emscripten loader reads the .wasm binary from disk (fs), from the
// folder given to setWasmPaths; no fetch is involved. Threads are disabled: the
// threaded binary needs Web Workers / Blob URLs, which Node does not provide.
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { registerWasmTrainingKernels, WasmTrainingKernelOptions } from './register-all';

/** Absolute path (with trailing separator) of the installed wasm binaries. */
export function wasmBinaryDir(): string {
  // The package's main file is dist/tf-backend-wasm.node.js, next to the .wasm files.
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep;
}

let pathsSet = false;

/**
 * Loads @tensorflow/tfjs-backend-wasm (single-threaded, SIMD when available),
 * registers the training kernels and makes 'wasm' the active backend. Safe to
 * call more than once. Throws if the backend cannot be initialised. The faster
 * replacements are on unless `{ fastNativeReplacements: false }` is passed.
 */
export async function useWasmBackend(options: WasmTrainingKernelOptions = { fastNativeReplacements: true }): Promise<void> {
  // Required lazily: loading the package registers the backend as a side effect.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
  if (!pathsSet && tf.findBackend('wasm') == null) {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    wasm.setWasmPaths(wasmBinaryDir());
    pathsSet = true;
  }
  registerWasmTrainingKernels(options);
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs wasm backend failed to initialise');
  await tf.ready();
}
