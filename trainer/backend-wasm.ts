// Loading of the WebAssembly backend. Its .wasm binaries ship inside the package; in Node
// they must be read from disk (there is no page to fetch them relative to), so we point
// setWasmPaths at the package's dist folder. The package is imported lazily because
// importing it registers the backend factory, which processes on a native backend never need.
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { registerWasmTrainingKernels } from './wasm/register-all';
import { packageVersion, type LoadOutcome } from './backend-native';

const WASM_PACKAGE = '@tensorflow/tfjs-backend-wasm';

export async function loadWasm(): Promise<LoadOutcome> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // Paths and flags only matter before the backend initialises (possibly done already by
    // trainer/wasm's own helper in the same process).
    if (tf.findBackend('wasm') == null) {
      // The threaded binary needs Web Workers, which Node lacks.
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      // setWasmPaths takes a URL-like prefix: it must end with a separator.
      wasm.setWasmPaths(path.dirname(require.resolve(WASM_PACKAGE)) + path.sep);
    }
    if (!(await tf.setBackend('wasm'))) {
      return { ok: false, reason: "tf.setBackend('wasm') failed (see the warning above)" };
    }
    await tf.ready();
  } catch (err) {
    return { ok: false, reason: `loading it failed: ${(err as Error).message.split('\n')[0]}` };
  }
  // The wasm backend ships inference kernels only; training needs the gradient kernels from
  // trainer/wasm. Registration is idempotent, so repeated selection is harmless. The faster
  // replacements (conv2d-based Conv2DBackpropInput, BatchMatMul with explicit transposes) are
  // on: they pass the same parity tests and double training throughput (bench/train-throughput).
  registerWasmTrainingKernels({ fastNativeReplacements: true });
  return {
    ok: true,
    info: { name: tf.getBackend(), package: WASM_PACKAGE, version: packageVersion(WASM_PACKAGE), gpu: false },
  };
}
