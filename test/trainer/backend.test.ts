// Backend selection. The outcome depends on the machine (is the tfjs-node binding built? is
// there a GPU?), so expectations are derived from the same facts the selector reads, and
// the GPU is hidden with CUDA_VISIBLE_DEVICES so that the "explicit but unavailable" case
// is reproducible everywhere. Serial: the active backend is process-global.
import * as fs from 'node:fs';
import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { loadNative, nativeBindingPath } from '../../trainer/backend-native';
import { backendNameOf, selectBackend } from '../../trainer/backend';
import { BackendUnavailableError } from '../../trainer/errors';
import { wasmTrainingKernelConfigs } from '../../trainer/wasm/register-all';

const nativeBuilt = (() => {
  const binding = nativeBindingPath('@tensorflow/tfjs-node');
  return binding !== undefined && fs.existsSync(binding);
})();

test.before(() => {
  process.env.CUDA_VISIBLE_DEVICES = '-1';
});

test.serial('auto skips the hidden GPU and takes the first backend that loads, logging why', async (t) => {
  const logs: string[] = [];
  const info = await selectBackend('auto', { log: (m) => logs.push(m) });
  const expected = nativeBuilt ? 'tensorflow' : 'wasm';
  t.is(info.name, expected, `tfjs-node binding built: ${nativeBuilt}`);
  t.is(tf.getBackend(), expected);
  t.false(info.gpu);
  t.is(backendNameOf(info), expected === 'tensorflow' ? 'tensorflow' : 'wasm');
  t.regex(info.version, /^\d+\.\d+\.\d+/);
  if (expected === 'tensorflow') t.regex(info.tensorflowVersion ?? '', /^\d+\.\d+/);
  const line = logs.join('\n');
  t.regex(line, new RegExp(`trainer backend: ${expected} \\(${info.package.replace('/', '\\/')} `));
  t.regex(line, /skipped tensorflow-gpu \(no NVIDIA GPU is visible/);
  if (!nativeBuilt) t.regex(line, /skipped .*tensorflow \(its native binding is not built/);
});

test.serial('an explicit backend that cannot load fails with the backend and the fix in the message', async (t) => {
  const err = await t.throwsAsync(selectBackend('tensorflow-gpu', { log: () => undefined }), {
    instanceOf: BackendUnavailableError,
  });
  t.regex(err!.message, /Backend 'tensorflow-gpu' is unavailable: no NVIDIA GPU is visible/);
  t.regex(err!.message, /npm run setup:gpu/);
  t.true(err!.nonRetryable);
});

test.serial('a native package whose binding is not built is reported as such without being required', async (t) => {
  const gpuBinding = nativeBindingPath('@tensorflow/tfjs-node-gpu');
  if (gpuBinding !== undefined && fs.existsSync(gpuBinding)) {
    t.pass('tfjs-node-gpu binding is built on this machine; nothing to check');
    return;
  }
  const kernelsBefore = tf.getKernelsForBackend('tensorflow').length;
  const outcome = await loadNative('@tensorflow/tfjs-node-gpu');
  t.false(outcome.ok);
  if (!outcome.ok) t.regex(outcome.reason, /native binding is not built \(expected .*tfjs-node-gpu.*tfjs_binding\.node\)/);
  // Requiring the package would have re-registered its kernels for 'tensorflow'.
  t.is(tf.getKernelsForBackend('tensorflow').length, kernelsBefore);
});

test.serial("explicit 'tensorflow' loads when its binding is built and otherwise names the provisioning step", async (t) => {
  if (nativeBuilt) {
    const info = await selectBackend('tensorflow', { log: () => undefined });
    t.is(info.name, 'tensorflow');
    t.is(info.package, '@tensorflow/tfjs-node');
  } else {
    const err = await t.throwsAsync(selectBackend('tensorflow', { log: () => undefined }), { instanceOf: BackendUnavailableError });
    t.regex(err!.message, /Backend 'tensorflow' is unavailable: its native binding is not built/);
    t.regex(err!.message, /infra\/tfjs\/provision\.js/);
  }
});

test.serial("explicit 'wasm' loads from the package's files and registers the training kernels", async (t) => {
  const info = await selectBackend('wasm', { log: () => undefined });
  t.is(info.name, 'wasm');
  t.is(tf.getBackend(), 'wasm');
  for (const config of wasmTrainingKernelConfigs) {
    t.truthy(tf.getKernel(config.kernelName, 'wasm'), `${config.kernelName} registered for wasm`);
  }
  // A gradient through a convolution needs those kernels: this would throw without them.
  const grad = tf.grad((k: tf.Tensor) => tf.conv2d(tf.ones([1, 4, 4, 1]) as tf.Tensor4D, k as tf.Tensor4D, 1, 'same').sum());
  const g = grad(tf.ones([3, 3, 1, 1]));
  t.deepEqual(g.shape, [3, 3, 1, 1]);
  g.dispose();
});

test.serial("explicit 'cpu' always loads, and switching back to an earlier choice reuses it", async (t) => {
  const cpu = await selectBackend('cpu', { log: () => undefined });
  t.is(cpu.name, 'cpu');
  t.is(cpu.package, '@tensorflow/tfjs-backend-cpu');
  const again = await selectBackend('wasm', { log: () => undefined });
  t.is(again.name, 'wasm');
  t.is(tf.getBackend(), 'wasm');
});
