// One backend's run of the training-throughput benchmark, in its own process
// (tfjs-node and the wasm backend must not share one, and a crash or a missing
// kernel must not take the others down). Started by main.ts:
//
//   node dist/bench/train-throughput/worker.js --backend tensorflow|graph|wasm|cpu
//        [--models cnn,resnet,sepconv] [--samples 4096] [--warmup 256] [--batch 64] [--stock]
//
// It trains as the trainer does: on tensorflow with trainer/native's kernel and gradient
// overrides and its Adam (FlatAdamOptimizer), on wasm with trainer/wasm's kernels including the
// faster replacements. --stock: tfjs-node without the overrides, wasm without the replacements.
// graph: tfjs-node, each batch one call of the model's whole-step TensorFlow graph
// (trainer/graph/), as the trainer does by default where the graph_step addon is built.
//
// Prints one `BENCH_INFO {json}` line, then one `BENCH_RESULT {json}` line per model.
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';

import { createAdamOptimizer } from '../../trainer/native/flat-adam';
import { registerTensorflowTrainingKernels, tensorflowGradientOverrides, tensorflowKernelOverrides } from '../../trainer/native/register-all';
import { buildModel, isModelName, MODEL_NAMES, INPUT_SHAPE, NUM_CLASSES, type ModelName, type TF } from './models';
import { loadGraphStepAddon } from '../../trainer/graph/addon';
import { GraphTrainer } from '../../trainer/graph/graph-trainer';
import { BENCH_INFO, BENCH_RESULT, type BackendRunInfo, type ModelResult, type WorkerBackend } from './protocol';

interface Args {
  backend: WorkerBackend;
  models: ModelName[];
  samples: number;
  warmup: number;
  batch: number;
  /** tfjs-node's own kernels, gradients and Adam; wasm without the optional replacements. */
  stock: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { backend: 'tensorflow', models: [...MODEL_NAMES], samples: 4096, warmup: 256, batch: 64, stock: false };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i];
    if (key === '--stock') {
      args.stock = true;
      continue;
    }
    const val = argv[++i];
    if (val === undefined) throw new Error(`missing value for ${key}`);
    if (key === '--backend') {
      if (val !== 'tensorflow' && val !== 'graph' && val !== 'wasm' && val !== 'cpu') throw new Error(`unknown backend ${val}`);
      args.backend = val;
    } else if (key === '--models') {
      args.models = val.split(',').map((m) => {
        if (!isModelName(m)) throw new Error(`unknown model ${m}`);
        return m;
      });
    } else if (key === '--samples') args.samples = Number(val);
    else if (key === '--warmup') args.warmup = Number(val);
    else if (key === '--batch') args.batch = Number(val);
    else throw new Error(`unknown argument ${key}`);
  }
  for (const k of ['samples', 'warmup', 'batch'] as const) {
    if (!Number.isInteger(args[k]) || args[k] <= 0) throw new Error(`--${k} must be a positive integer`);
  }
  return args;
}

function emit(tag: string, value: unknown): void {
  process.stdout.write(`${tag}${JSON.stringify(value)}\n`);
}

function packageVersion(name: string): string {
  const file = require.resolve(`${name}/package.json`);
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

async function loadBackend(backend: WorkerBackend, stock: boolean): Promise<{ tf: TF; info: BackendRunInfo }> {
  const info: BackendRunInfo = { backend, package: '', version: '', notes: [] };
  let tf: TF;
  if (backend === 'tensorflow' || backend === 'graph') {
    // Registers and selects the 'tensorflow' backend on load.
    tf = require('@tensorflow/tfjs-node') as TF;
    info.package = '@tensorflow/tfjs-node';
    info.version = packageVersion(info.package);
    const b = tf.backend() as unknown as { binding?: { TF_Version?: string } };
    info.tensorflowVersion = b.binding?.TF_Version;
    for (const v of ['TF_NUM_INTRAOP_THREADS', 'TF_NUM_INTEROP_THREADS', 'OMP_NUM_THREADS', 'TF_ENABLE_ONEDNN_OPTS']) {
      if (process.env[v] !== undefined) info.notes.push(`${v}=${process.env[v]}`);
    }
    if (backend === 'graph') {
      const addon = loadGraphStepAddon(info.package);
      if (!addon.ok) throw new Error(addon.reason);
      info.notes.push(`graph_step addon ${addon.file}`);
    }
    if (stock) {
      info.notes.push('stock tfjs-node kernels and AdamOptimizer (--stock)');
    } else {
      registerTensorflowTrainingKernels();
      info.notes.push(`trainer/native overrides (${tensorflowKernelOverrides.map((o) => o.kernelName).join(', ')} kernels; ` +
        `${tensorflowGradientOverrides.map((o) => o.kernelName).join(', ')} gradients) and FlatAdamOptimizer`);
    }
  } else if (backend === 'wasm') {
    tf = require('@tensorflow/tfjs') as TF;
    const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
    const dist = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
    wasm.setWasmPaths(dist);
    if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") failed');
    await tf.ready();
    info.package = '@tensorflow/tfjs-backend-wasm';
    info.version = packageVersion(info.package);
    info.notes.push(`simd=${String(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'))}`);
    info.notes.push(`threads=${wasm.getThreadsCount()}`);
    // Gradient kernels the wasm backend lacks, from trainer/wasm (compiled to dist/).
    const reg = path.resolve(__dirname, '..', '..', 'trainer', 'wasm', 'register-all.js');
    if (fs.existsSync(reg)) {
      const mod = require(reg) as {
        registerWasmTrainingKernels?: (options?: { fastNativeReplacements?: boolean }) => void;
        wasmTrainingKernelConfigs?: unknown[];
      };
      if (typeof mod.registerWasmTrainingKernels === 'function') {
        // As the trainer does (trainer/backend-wasm.ts): with the faster replacements.
        mod.registerWasmTrainingKernels({ fastNativeReplacements: !stock });
        const n = Array.isArray(mod.wasmTrainingKernelConfigs) ? mod.wasmTrainingKernelConfigs.length : undefined;
        info.notes.push(`registerWasmTrainingKernels({ fastNativeReplacements: ${String(!stock)} }) called${n === undefined ? '' : ` (${n} kernel configs)`}`);
      } else {
        info.notes.push(`${reg} has no registerWasmTrainingKernels export`);
      }
    } else {
      info.notes.push('trainer/wasm/register-all.js not built: wasm runs without the extra gradient kernels');
    }
  } else {
    tf = require('@tensorflow/tfjs') as TF;
    if (!(await tf.setBackend('cpu'))) throw new Error('tf.setBackend("cpu") failed');
    await tf.ready();
    info.package = '@tensorflow/tfjs-backend-cpu';
    info.version = packageVersion(info.package);
  }
  info.tfjsVersion = tf.version.tfjs;
  info.activeBackend = tf.getBackend();
  return { tf, info };
}

/** The model trained by the graph path: warm-up (graph build, session, first steps), then timed steps. */
async function runGraphModel(tf: TF, model: import('@tensorflow/tfjs').LayersModel, x: import('@tensorflow/tfjs').Tensor, labels: import('@tensorflow/tfjs').Tensor, args: Args, base: ModelResult): Promise<void> {
  const addon = loadGraphStepAddon('@tensorflow/tfjs-node');
  if (!addon.ok) throw new Error(addon.reason);
  const count = x.shape[0]!;
  const split = {
    shape: INPUT_SHAPE, numClasses: NUM_CLASSES,
    train: { count, images: (await x.data()) as Float32Array, labels: Uint8Array.from(await labels.data()) },
    validation: { count: 1, images: new Float32Array(INPUT_SHAPE[0] * INPUT_SHAPE[1] * INPUT_SHAPE[2]), labels: new Uint8Array(1) },
  };
  const range = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
  const w0 = performance.now();
  const trainer = GraphTrainer.create(addon.addon, model, model.optimizer, split);
  try {
    await trainer.pushState();
    trainer.fitEpoch(range(args.warmup), args.batch);
    base.warmupSeconds = (performance.now() - w0) / 1000;
    const t0 = performance.now();
    const fit = trainer.fitEpoch(range(args.samples), args.batch);
    const seconds = (performance.now() - t0) / 1000;
    await trainer.pullState();
    base.seconds = seconds;
    base.samplesPerSecond = args.samples / seconds;
    base.loss = fit.loss;
    base.ok = Number.isFinite(fit.loss);
    if (!base.ok) base.error = `non-finite loss ${fit.loss}`;
  } finally {
    trainer.dispose();
  }
  void tf;
}

async function runModel(tf: TF, name: ModelName, args: Args): Promise<ModelResult> {
  const base: ModelResult = { backend: args.backend, model: name, ok: false, batch: args.batch, samples: args.samples, warmup: args.warmup };
  const flatAdam = (args.backend === 'tensorflow' || args.backend === 'graph') && !args.stock;
  const model = flatAdam ? buildModel(tf, name, createAdamOptimizer) : buildModel(tf, name);
  base.params = model.countParams();
  const total = Math.max(args.samples, args.warmup);
  const x = tf.randomUniform([total, ...INPUT_SHAPE], 0, 1, 'float32', 1);
  const labels = tf.randomUniform([total], 0, NUM_CLASSES, 'int32', 2);
  const y = tf.oneHot(labels, NUM_CLASSES);
  try {
    if (args.backend === 'graph') {
      await runGraphModel(tf, model, x, labels, args, base);
      return base;
    }
    const wx = x.slice(0, args.warmup);
    const wy = y.slice(0, args.warmup);
    const w0 = performance.now();
    await model.fit(wx, wy, { batchSize: args.batch, epochs: 1, verbose: 0, shuffle: false });
    base.warmupSeconds = (performance.now() - w0) / 1000;
    tf.dispose([wx, wy]);
    const tx = x.slice(0, args.samples);
    const ty = y.slice(0, args.samples);
    const t0 = performance.now();
    const h = await model.fit(tx, ty, { batchSize: args.batch, epochs: 1, verbose: 0, shuffle: false });
    const seconds = (performance.now() - t0) / 1000;
    tf.dispose([tx, ty]);
    const loss = h.history.loss?.[0];
    base.seconds = seconds;
    base.samplesPerSecond = args.samples / seconds;
    base.loss = typeof loss === 'number' ? loss : Number(loss);
    base.ok = Number.isFinite(base.loss);
    if (!base.ok) base.error = `non-finite loss ${String(loss)}`;
  } catch (err) {
    base.error = err instanceof Error ? err.message : String(err);
  } finally {
    tf.dispose([x, labels, y]);
    model.dispose();
  }
  return base;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  let loaded: { tf: TF; info: BackendRunInfo };
  try {
    loaded = await loadBackend(args.backend, args.stock);
  } catch (err) {
    emit(BENCH_INFO, { backend: args.backend, package: '', version: '', notes: [], error: err instanceof Error ? err.message : String(err) });
    process.exitCode = 1;
    return;
  }
  emit(BENCH_INFO, loaded.info);
  for (const name of args.models) {
    emit(BENCH_RESULT, await runModel(loaded.tf, name, args));
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exitCode = 1;
});
