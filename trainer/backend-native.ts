// Loading of the native TensorFlow backends (@tensorflow/tfjs-node and -gpu).
// Both packages register ~150 kernels for 'tensorflow' *before* they load their native
// binding, so a failed require() leaves half-registered state and a retry spams
// "already registered" warnings. We therefore check for the binding file first, exactly
// where the package itself looks for it, and only require the package when it is there.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { registerTensorflowTrainingKernels } from './native/register-all';
import type { BackendInfo } from '../contracts/training';

export type NativePackage = '@tensorflow/tfjs-node' | '@tensorflow/tfjs-node-gpu';

/** Outcome of trying a backend: its info, or why it is unavailable. */
export type LoadOutcome = { ok: true; info: BackendInfo } | { ok: false; reason: string };

interface NodePreGyp {
  find(packageJsonPath: string): string;
}

/** The subset of tfjs-node's NodeJSKernelBackend we read; it is not part of tfjs-core's types. */
interface NativeBackendShape {
  isUsingGpuDevice?: boolean;
  binding?: { TF_Version?: string };
}

function packageJsonPath(pkg: string): string | undefined {
  try {
    return require.resolve(`${pkg}/package.json`);
  } catch {
    return undefined;
  }
}

/** Version field of an installed package's package.json ('unknown' if unreadable). */
export function packageVersion(pkg: string): string {
  const file = packageJsonPath(pkg);
  if (file === undefined) return 'unknown';
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: unknown };
  return typeof parsed.version === 'string' ? parsed.version : 'unknown';
}

/**
 * Where `pkg` expects its tfjs_binding.node, using the package's own copy of node-pre-gyp so
 * that the napi version directory (lib/napi-vN) is chosen exactly as at require() time.
 * Undefined when the package itself is not installed.
 */
export function nativeBindingPath(pkg: NativePackage): string | undefined {
  const pj = packageJsonPath(pkg);
  if (pj === undefined) return undefined;
  const preGypPath = require.resolve('@mapbox/node-pre-gyp', { paths: [path.dirname(pj)] });
  const preGyp = require(preGypPath) as NodePreGyp;
  return preGyp.find(pj);
}

/**
 * Whether an NVIDIA GPU is visible to this process. Reads device nodes rather than running
 * nvidia-smi: it is instant and needs no driver tools, and CUDA_VISIBLE_DEVICES set to ''
 * or -1 hides GPUs from TensorFlow just as it does here.
 */
export function gpuVisible(env: NodeJS.ProcessEnv = process.env): boolean {
  const visible = env.CUDA_VISIBLE_DEVICES;
  if (visible !== undefined && (visible.trim() === '' || visible.trim() === '-1')) return false;
  try {
    return fs.readdirSync('/dev').some((name) => /^nvidia\d+$/.test(name));
  } catch {
    return false;
  }
}

/** Requires a tfjs-node package when its binding exists, and activates the 'tensorflow' backend. */
export async function loadNative(pkg: NativePackage): Promise<LoadOutcome> {
  const binding = nativeBindingPath(pkg);
  if (binding === undefined) return { ok: false, reason: `${pkg} is not installed` };
  if (!fs.existsSync(binding)) return { ok: false, reason: `its native binding is not built (expected ${binding})` };
  try {
    require(pkg);
  } catch (err) {
    return { ok: false, reason: `loading it failed: ${(err as Error).message.split('\n')[0]}` };
  }
  if (!(await tf.setBackend('tensorflow'))) {
    return { ok: false, reason: "tf.setBackend('tensorflow') failed after loading it" };
  }
  await tf.ready();
  // Faster training kernels and gradients for 'tensorflow' (trainer/native).
  registerTensorflowTrainingKernels();
  const backend = tf.backend() as unknown as NativeBackendShape;
  return {
    ok: true,
    info: {
      name: tf.getBackend(),
      package: pkg,
      version: packageVersion(pkg),
      tensorflowVersion: backend.binding?.TF_Version,
      gpu: backend.isUsingGpuDevice === true,
    },
  };
}
