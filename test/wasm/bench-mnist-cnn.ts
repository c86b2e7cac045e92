// Benchmark (not a test): training throughput of a small MNIST CNN on the wasm
// backend with the kernels of trainer/wasm, plus a per-kernel time profile of
// one training step. Synthetic data of MNIST's shape (speed does not depend on
// the values).
//   node dist/test/wasm/bench-mnist-cnn.js [samples=1280] [padding=same|valid] [profile] [fast]
// 'fast' installs the optional faster replacements of native kernels.
import * as tf from '@tensorflow/tfjs';
import { useWasmBackend } from '../../trainer/wasm/node-backend';

function buildModel(padding: 'same' | 'valid'): tf.Sequential {
  const L = tf.layers;
  const model = tf.sequential({
    layers: [
      L.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, padding, activation: 'relu' }),
      L.maxPooling2d({ poolSize: 2, strides: 2 }),
      L.conv2d({ filters: 64, kernelSize: 3, padding, activation: 'relu' }),
      L.maxPooling2d({ poolSize: 2, strides: 2 }),
      L.flatten(),
      L.dense({ units: 128, activation: 'relu' }),
      L.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

async function main(): Promise<void> {
  const samples = Number(process.argv[2] ?? 1280);
  const padding = (process.argv[3] ?? 'same') as 'same' | 'valid';
  const profile = process.argv.includes('profile');
  const batch = 64;
  const fast = process.argv.includes('fast');
  await useWasmBackend({ fastNativeReplacements: fast });
  const model = buildModel(padding);
  const x = tf.randomUniform([samples, 28, 28, 1]);
  const y = tf.oneHot(tf.randomUniform([samples], 0, 10, 'int32'), 10).toFloat();
  // Warm-up: operator creation, first-call costs.
  await model.fit(x.slice(0, 2 * batch), y.slice(0, 2 * batch), { batchSize: batch, epochs: 1, verbose: 0 });
  const t0 = process.hrtime.bigint();
  await model.fit(x, y, { batchSize: batch, epochs: 1, verbose: 0, shuffle: false });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`wasm backend${fast ? ' (fastNativeReplacements)' : ''}, padding '${padding}', batch ${batch}: ${samples} samples in ${s.toFixed(2)} s = ` +
    `${(samples / s).toFixed(1)} samples/s (${(1000 * s / (samples / batch)).toFixed(0)} ms/step)`);
  if (profile) {
    const xb = x.slice(0, batch);
    const yb = y.slice(0, batch);
    const info = await tf.profile(async () => { await model.trainOnBatch(xb, yb); });
    const byName = new Map<string, { ms: number; n: number }>();
    for (const k of info.kernels) {
      const ms = await k.kernelTimeMs;
      const e = byName.get(k.name) ?? { ms: 0, n: 0 };
      byName.set(k.name, { ms: e.ms + (typeof ms === 'number' ? ms : 0), n: e.n + 1 });
    }
    const rows = [...byName.entries()].sort((a, b) => b[1].ms - a[1].ms);
    console.log(`one step, top-level kernels (nested kernels of composed ones are listed too, so times overlap):`);
    for (const [name, e] of rows.slice(0, 15)) console.log(`  ${name.padEnd(36)} ${e.ms.toFixed(2).padStart(8)} ms  x${e.n}`);
    tf.dispose([xb, yb]);
  }
  tf.dispose([x, y]);
  model.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
