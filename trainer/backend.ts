// Chooses and activates the tfjs backend of this process. Everything imports tfjs through
// '@tensorflow/tfjs' so that whichever backend is loaded registers into the same tfjs-core.
import * as tf from '@tensorflow/tfjs';
import { BackendUnavailableError } from './errors';
import { gpuVisible, loadNative, packageVersion, type LoadOutcome } from './backend-native';
import { loadWasm } from './backend-wasm';
import type { BackendInfo } from '../contracts/training';
import { BACKEND_NAMES, type BackendChoice, type BackendName } from '../contracts/names';


/** What to tell an operator when an explicitly chosen backend is unavailable. */
const FIXES: Record<BackendName, string> = {
  'tensorflow-gpu':
    'run `npm run setup:gpu` (GPU build of libtensorflow and the tfjs-node-gpu binding) on a machine with an NVIDIA GPU and driver, or choose backend auto',
  tensorflow:
    'run `node infra/tfjs/provision.js` (also run by `npm install`; provisions libtensorflow and builds the tfjs-node binding), or choose backend auto',
  wasm: 'reinstall dependencies (`npm ci`) so that @tensorflow/tfjs-backend-wasm and its .wasm files are present, or choose backend cpu',
  cpu: 'reinstall dependencies (`npm ci`); the cpu backend ships with @tensorflow/tfjs',
};

/** The native package that registered 'tensorflow' in this process: both cannot coexist. */
let nativeLoaded: BackendName | undefined;
/**
 * Outcome of each backend tried in this process, failures included: a failed native load
 * leaves kernels registered, so it must not be retried; and a long-lived trainer should keep
 * the backend it started with even if a binding appears on disk later.
 */
const outcomes = new Map<BackendName, LoadOutcome>();

async function tryLoad(name: BackendName): Promise<LoadOutcome> {
  switch (name) {
    case 'tensorflow-gpu':
    case 'tensorflow': {
      const otherNative = name === 'tensorflow' ? 'tensorflow-gpu' : 'tensorflow';
      if (nativeLoaded === otherNative) {
        return { ok: false, reason: `this process already loaded the ${otherNative} backend, which owns 'tensorflow'` };
      }
      if (name === 'tensorflow-gpu' && !gpuVisible()) {
        return { ok: false, reason: 'no NVIDIA GPU is visible (no /dev/nvidiaN, or CUDA_VISIBLE_DEVICES hides it)' };
      }
      const outcome = await loadNative(name === 'tensorflow' ? '@tensorflow/tfjs-node' : '@tensorflow/tfjs-node-gpu');
      if (outcome.ok) nativeLoaded = name;
      if (outcome.ok && name === 'tensorflow-gpu' && !outcome.info.gpu) {
        // The GPU build loaded but TensorFlow found no usable device (e.g. CUDA libraries
        // missing). It still computes on the CPU; we report that honestly instead of
        // unloading, which tfjs cannot do.
        return { ok: true, info: outcome.info };
      }
      return outcome;
    }
    case 'wasm':
      return loadWasm();
    case 'cpu': {
      if (!(await tf.setBackend('cpu'))) return { ok: false, reason: "tf.setBackend('cpu') failed" };
      await tf.ready();
      const pkg = '@tensorflow/tfjs-backend-cpu';
      return { ok: true, info: { name: tf.getBackend(), package: pkg, version: packageVersion(pkg), gpu: false } };
    }
  }
}

async function activate(name: BackendName): Promise<LoadOutcome> {
  const cached = outcomes.get(name);
  if (cached !== undefined) {
    // Another backend may have been activated since; switching back is cheap once loaded.
    if (cached.ok) await tf.setBackend(cached.info.name);
    return cached;
  }
  const outcome = await tryLoad(name);
  outcomes.set(name, outcome);
  return outcome;
}

function describe(info: BackendInfo): string {
  const tfVersion = info.tensorflowVersion ? `, TensorFlow ${info.tensorflowVersion}` : '';
  return `${info.name} (${info.package} ${info.version}${tfVersion}${info.gpu ? ', GPU' : ''}), tfjs-core ${tf.version_core}`;
}

/**
 * Activates the chosen backend (for 'auto' the first of BACKEND_NAMES that loads) and logs it.
 * An explicit choice that cannot load rejects with BackendUnavailableError naming the fix.
 */
export async function selectBackend(
  choice: BackendChoice,
  options: { log?: (msg: string) => void } = {},
): Promise<BackendInfo> {
  const log = options.log ?? ((msg: string) => console.log(msg));
  if (choice !== 'auto') {
    const outcome = await activate(choice);
    if (outcome.ok) {
      log(`trainer backend: ${describe(outcome.info)}`);
      return outcome.info;
    }
    throw new BackendUnavailableError(`Backend '${choice}' is unavailable: ${outcome.reason}. To fix: ${FIXES[choice]}.`);
  }
  const skipped: string[] = [];
  for (const name of BACKEND_NAMES) {
    const outcome = await activate(name);
    if (outcome.ok) {
      const why = skipped.length > 0 ? `; skipped ${skipped.join('; ')}` : '';
      log(`trainer backend: ${describe(outcome.info)} [auto${why}]`);
      return outcome.info;
    }
    skipped.push(`${name} (${outcome.reason})`);
  }
  throw new BackendUnavailableError(`No tfjs backend could be loaded: ${skipped.join('; ')}. To fix: ${FIXES.cpu}.`);
}

/** The BackendName a selected backend corresponds to, to compare with a request's choice. */
export function backendNameOf(info: BackendInfo): BackendName {
  if (info.package === '@tensorflow/tfjs-node-gpu') return 'tensorflow-gpu';
  if (info.name === 'tensorflow') return 'tensorflow';
  return info.name === 'wasm' ? 'wasm' : 'cpu';
}
