// Training-throughput benchmark (`npm run bench`; not part of the tests).
//
// Trains the three reference models of models.ts on random MNIST-shaped data
// on every tfjs backend available here, each backend in its own child process
// (worker.ts), and the same models in Keras on TensorFlow CPU from a Python
// venv in bench/.venv (keras_bench.py), one after the other on this machine,
// then prints samples/s per model and backend and the ratios to Keras.
//
//   node dist/bench/train-throughput/main.js [--backends tensorflow,keras,wasm[,cpu]]
//        [--models cnn,resnet,sepconv] [--samples tensorflow=4096,wasm=256,...]
//        [--warmup backend=N,...] [--batch 64] [--out file.json] [--no-keras-setup]
//        [--stock] [--rounds N]
//
// --rounds N runs every backend N times, alternating (tfjs-node, graph, keras, ... then
// again), so that load drifting on a shared machine hits all of them alike; the table then
// shows each backend's median samples/s, and a per-round table the ratios to Keras of each
// round with their median and spread.
//
// tfjs-node and wasm train as the trainer does: tfjs-node with trainer/native's
// overrides and Adam, wasm with trainer/wasm's kernels including the faster
// replacements. --stock measures tfjs-node's own kernels and AdamOptimizer, and
// wasm with only the kernels it cannot train without.
// The cpu backend (~0.4-2 samples/s here, 8 minutes for one batch per model)
// runs only when named in --backends.
import * as cp from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { isModelName, MODEL_DESCRIPTIONS, MODEL_NAMES, type ModelName } from './models';
import { BENCH_INFO, BENCH_RESULT, type BackendRunInfo, type BenchBackend, type ModelResult } from './protocol';

const ALL_BACKENDS: BenchBackend[] = ['tensorflow', 'graph', 'keras', 'wasm', 'cpu'];
const DEFAULT_BACKENDS: BenchBackend[] = ['tensorflow', 'graph', 'keras', 'wasm'];
const TF_VERSION = '2.21.0';

/** Timed samples and warm-up samples per backend: cpu trains ~3 samples/s. */
const DEFAULT_SAMPLES: Record<BenchBackend, { samples: number; warmup: number }> = {
  tensorflow: { samples: 4096, warmup: 256 },
  graph: { samples: 4096, warmup: 256 },
  keras: { samples: 4096, warmup: 256 },
  wasm: { samples: 256, warmup: 128 },
  cpu: { samples: 64, warmup: 64 },
};
const CHILD_TIMEOUT_MS = 30 * 60 * 1000;

interface Options {
  backends: BenchBackend[];
  models: ModelName[];
  samples: Record<BenchBackend, { samples: number; warmup: number }>;
  batch: number;
  out?: string;
  kerasSetup: boolean;
  stock: boolean;
  rounds: number;
}

interface BackendRun {
  info: BackendRunInfo;
  results: ModelResult[];
  wallSeconds: number;
  exit: string;
  stderrTail?: string;
}

function projectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = up;
  }
  return dir;
}
const ROOT = projectRoot();

function log(msg: string): void {
  process.stdout.write(`[bench] ${msg}\n`);
}

function isBackend(s: string): s is BenchBackend {
  return (ALL_BACKENDS as string[]).includes(s);
}

function parseArgs(argv: string[]): Options {
  const opts: Options = {
    backends: [...DEFAULT_BACKENDS],
    models: [...MODEL_NAMES],
    samples: JSON.parse(JSON.stringify(DEFAULT_SAMPLES)) as Options['samples'],
    batch: 64,
    kerasSetup: true,
    stock: false,
    rounds: 1,
  };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i];
    if (key === '--no-keras-setup') {
      opts.kerasSetup = false;
      continue;
    }
    if (key === '--stock') {
      opts.stock = true;
      continue;
    }
    const val = argv[++i];
    if (val === undefined) throw new Error(`missing value for ${key}`);
    if (key === '--backends') {
      opts.backends = val.split(',').map((b) => {
        if (!isBackend(b)) throw new Error(`unknown backend ${b} (known: ${ALL_BACKENDS.join(', ')})`);
        return b;
      });
    } else if (key === '--models') {
      opts.models = val.split(',').map((m) => {
        if (!isModelName(m)) throw new Error(`unknown model ${m} (known: ${MODEL_NAMES.join(', ')})`);
        return m;
      });
    } else if (key === '--samples' || key === '--warmup') {
      for (const part of val.split(',')) {
        const [b, n] = part.split('=');
        if (!b || !isBackend(b) || !n || !(Number(n) > 0)) throw new Error(`${key} wants backend=N[,backend=N], got ${part}`);
        opts.samples[b][key === '--samples' ? 'samples' : 'warmup'] = Number(n);
      }
    } else if (key === '--batch') opts.batch = Number(val);
    else if (key === '--out') opts.out = val;
    else if (key === '--rounds') {
      opts.rounds = Number(val);
      if (!Number.isInteger(opts.rounds) || opts.rounds < 1 || opts.rounds > 50) throw new Error(`--rounds must be a whole number from 1 to 50, got ${val}`);
    }
    else throw new Error(`unknown argument ${key}`);
  }
  return opts;
}

interface ProvisionModule {
  findLocalWheel(variant: unknown): string | null;
  findPython(): string;
  VARIANTS: { cpu: unknown };
}

// ------------------------------------------------------------------ keras venv

const VENV = path.join(ROOT, 'bench', '.venv');
const VENV_PY = path.join(VENV, 'bin', 'python');

function venvTensorflowVersion(): string | null {
  if (!fs.existsSync(VENV_PY)) return null;
  const r = cp.spawnSync(VENV_PY, ['-c', 'import importlib.metadata as m; print(m.version("tensorflow-cpu"))'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** bench/.venv with tensorflow-cpu==2.21.0, from the wheel infra/tfjs cached. */
function ensureKerasVenv(): void {
  const have = venvTensorflowVersion();
  if (have === TF_VERSION) {
    log(`keras: ${VENV} has tensorflow-cpu ${have}`);
    return;
  }
  const prov = require(path.join(ROOT, 'infra', 'tfjs', 'provision.js')) as ProvisionModule;
  const python = prov.findPython();
  const t0 = Date.now();
  if (!fs.existsSync(VENV_PY)) {
    log(`keras: creating ${VENV} with ${python}`);
    const r = cp.spawnSync(python, ['-m', 'venv', VENV], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`${python} -m venv ${VENV} failed (Debian/Ubuntu: apt-get install python3-venv)`);
  }
  const wheel = prov.findLocalWheel(prov.VARIANTS.cpu);
  const args = ['-m', 'pip', 'install', '--disable-pip-version-check'];
  if (wheel) args.push('--find-links', path.dirname(wheel));
  args.push(`tensorflow-cpu==${TF_VERSION}`);
  log(`keras: ${VENV_PY} ${args.join(' ')}`);
  const r = cp.spawnSync(VENV_PY, args, { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`pip install tensorflow-cpu==${TF_VERSION} into ${VENV} failed`);
  log(`keras: venv ready in ${((Date.now() - t0) / 1000).toFixed(0)}s`);
}

// ------------------------------------------------------------------ children

function runChild(backend: BenchBackend, cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<BackendRun> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    log(`${backend}: ${path.basename(cmd)} ${args.map((a) => (a.includes(ROOT) ? path.relative(ROOT, a) : a)).join(' ')}`);
    const child = cp.spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const run: BackendRun = { info: { backend, package: '', version: '', notes: [] }, results: [], wallSeconds: 0, exit: '' };
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      let i: number;
      while ((i = out.indexOf('\n')) >= 0) {
        const line = out.slice(0, i);
        out = out.slice(i + 1);
        if (line.startsWith(BENCH_INFO)) {
          run.info = JSON.parse(line.slice(BENCH_INFO.length)) as BackendRunInfo;
          if (run.info.error) log(`${backend}: could not load: ${run.info.error}`);
        } else if (line.startsWith(BENCH_RESULT)) {
          const r = JSON.parse(line.slice(BENCH_RESULT.length)) as ModelResult;
          run.results.push(r);
          log(r.ok
            ? `${backend}/${r.model}: ${r.samplesPerSecond!.toFixed(1)} samples/s (${r.samples} samples in ${r.seconds!.toFixed(1)}s, warm-up ${r.warmupSeconds!.toFixed(1)}s, loss ${r.loss!.toFixed(3)}, ${r.params} params)`
            : `${backend}/${r.model}: FAILED: ${r.error}`);
        }
      }
    });
    child.stderr.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-20000);
    });
    child.on('error', (e) => {
      err += `\n${e.message}`;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      run.wallSeconds = (Date.now() - t0) / 1000;
      run.exit = signal ? `signal ${signal}` : `exit ${code}`;
      if (code !== 0 || signal) {
        run.stderrTail = err.trim().split('\n').slice(-15).join('\n');
        log(`${backend}: child ended with ${run.exit}\n${run.stderrTail}`);
      }
      resolve(run);
    });
  });
}

function quietTfEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, TF_CPP_MIN_LOG_LEVEL: process.env.TF_CPP_MIN_LOG_LEVEL ?? '2', ...extra };
}

async function runBackend(backend: BenchBackend, opts: Options): Promise<BackendRun> {
  const { samples, warmup } = opts.samples[backend];
  const common = ['--models', opts.models.join(','), '--samples', String(samples), '--warmup', String(warmup), '--batch', String(opts.batch)];
  if (backend === 'keras') {
    try {
      if (opts.kerasSetup) ensureKerasVenv();
      else if (!fs.existsSync(VENV_PY)) throw new Error(`${VENV_PY} missing (run without --no-keras-setup)`);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      log(`keras: ${msg}`);
      return { info: { backend, package: 'keras', version: '', notes: [], error: msg }, results: [], wallSeconds: 0, exit: 'not run' };
    }
    return runChild(backend, VENV_PY, [path.join(ROOT, 'bench', 'train-throughput', 'keras_bench.py'), ...common],
      quietTfEnv({ CUDA_VISIBLE_DEVICES: '' }));
  }
  const stock = opts.stock ? ['--stock'] : [];
  return runChild(backend, process.execPath, [path.join(__dirname, 'worker.js'), '--backend', backend, ...common, ...stock], quietTfEnv());
}

// ------------------------------------------------------------------ report

function fmtRate(v: number | undefined): string {
  if (v === undefined) return '-';
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

function fmtRatio(r: number): string {
  return `${r >= 0.1 ? r.toFixed(2) : r.toPrecision(2)}x`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  const sep = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(rows[0]!), sep, ...rows.slice(1).map(line)].join('\n');
}

const LABEL: Record<BenchBackend, string> = { tensorflow: 'tfjs-node', graph: 'graph', keras: 'keras', wasm: 'wasm', cpu: 'cpu' };

function report(opts: Options, runs: Map<BenchBackend, BackendRun>): string {
  const get = (b: BenchBackend, m: ModelName) => runs.get(b)?.results.find((r) => r.model === m);
  const rate = (b: BenchBackend, m: ModelName) => {
    const r = get(b, m);
    return r && r.ok ? r.samplesPerSecond : undefined;
  };
  const head = ['model', 'params', ...opts.backends.map((b) => `${LABEL[b]} s/s`)];
  const ratioOf = opts.backends.filter((b) => b !== 'keras');
  const withKeras = opts.backends.includes('keras');
  if (withKeras) head.push(...ratioOf.map((b) => `${LABEL[b]}/keras`));
  const rows = [head];
  const notes: string[] = [];
  for (const m of opts.models) {
    const params = opts.backends.map((b) => get(b, m)?.params).filter((p): p is number => p !== undefined);
    const distinct = [...new Set(params)];
    if (distinct.length > 1) notes.push(`${m}: parameter counts differ between backends: ${distinct.join(' vs ')}`);
    const row = [m, distinct.length ? distinct.join('/') : '-'];
    for (const b of opts.backends) {
      const r = get(b, m);
      row.push(r ? (r.ok ? fmtRate(r.samplesPerSecond) : 'FAIL') : runs.get(b)?.info.error ? 'n/a' : '-');
      if (r && !r.ok) notes.push(`${LABEL[b]}/${m} failed: ${r.error}`);
    }
    if (withKeras) {
      const k = rate('keras', m);
      for (const b of ratioOf) {
        const v = rate(b, m);
        row.push(v !== undefined && k !== undefined ? fmtRatio(v / k) : '-');
      }
    }
    rows.push(row);
  }
  const lines = [table(rows), ''];
  for (const b of opts.backends) {
    const run = runs.get(b);
    if (!run) continue;
    const i = run.info;
    const what = i.error
      ? `NOT AVAILABLE: ${i.error}`
      : `${i.package} ${i.version}${i.tensorflowVersion ? `, TensorFlow ${i.tensorflowVersion}` : ''}${i.activeBackend ? `, backend ${i.activeBackend}` : ''}`;
    const s = opts.samples[b];
    const jit = [...new Set(run.results.map((r) => r.jitCompile).filter((j) => j !== undefined))];
    if (jit.length) i.notes.push(`jit_compile=${jit.join('/')}`);
    lines.push(`${LABEL[b].padEnd(9)} ${what}; ${s.samples} timed + ${s.warmup} warm-up samples/model; ${run.wallSeconds.toFixed(0)}s wall` +
      (i.notes.length ? `; ${i.notes.join(', ')}` : '') + (run.exit && run.exit !== 'exit 0' ? `; child ${run.exit}` : ''));
  }
  lines.push('', ...opts.models.map((m) => `${m}: ${MODEL_DESCRIPTIONS[m]}`));
  if (notes.length) lines.push('', ...notes.map((n) => `! ${n}`));
  return lines.join('\n');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Per backend, the rounds' results with each model's median samples/s (the first run's info). */
function medianRuns(opts: Options, rounds: Array<Map<BenchBackend, BackendRun>>): Map<BenchBackend, BackendRun> {
  const out = new Map<BenchBackend, BackendRun>();
  for (const b of opts.backends) {
    const all = rounds.map((r) => r.get(b)).filter((r): r is BackendRun => r !== undefined);
    if (all.length === 0) continue;
    const results = opts.models.flatMap((m) => {
      const ok = all.map((r) => r.results.find((x) => x.model === m)).filter((x): x is ModelResult => x !== undefined && x.ok);
      if (ok.length === 0) return all.map((r) => r.results.find((x) => x.model === m)).filter((x): x is ModelResult => x !== undefined).slice(0, 1);
      return [{ ...ok[0]!, samplesPerSecond: median(ok.map((x) => x.samplesPerSecond!)) }];
    });
    out.set(b, { ...all[0]!, results, wallSeconds: all.reduce((s, r) => s + r.wallSeconds, 0) });
  }
  return out;
}

/** Each round's ratio to Keras per model and backend, with the median and the spread (min-max). */
function roundsReport(opts: Options, rounds: Array<Map<BenchBackend, BackendRun>>): string {
  if (!opts.backends.includes('keras')) return '';
  const others = opts.backends.filter((b) => b !== 'keras');
  const rate = (r: Map<BenchBackend, BackendRun>, b: BenchBackend, m: ModelName) => {
    const x = r.get(b)?.results.find((y) => y.model === m);
    return x?.ok ? x.samplesPerSecond : undefined;
  };
  const head = ['model', 'backend', ...rounds.map((_, i) => `round ${i + 1}`), 'median', 'min', 'max'];
  const rows = [head];
  for (const m of opts.models) {
    for (const b of others) {
      const ratios = rounds.map((r) => {
        const v = rate(r, b, m);
        const k = rate(r, 'keras', m);
        return v !== undefined && k !== undefined ? v / k : undefined;
      });
      const ok = ratios.filter((x): x is number => x !== undefined);
      rows.push([m, `${LABEL[b]}/keras`, ...ratios.map((x) => (x === undefined ? '-' : fmtRatio(x))),
        ...(ok.length ? [fmtRatio(median(ok)), fmtRatio(Math.min(...ok)), fmtRatio(Math.max(...ok))] : ['-', '-', '-'])]);
    }
    rows.push([m, 'keras s/s', ...rounds.map((r) => fmtRate(rate(r, 'keras', m))), '', '', '']);
  }
  return `Per round (backends alternating within each round):\n${table(rows)}`;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const cpus = os.cpus();
  const machine = `${cpus.length} x ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const loadBefore = os.loadavg()[0]!;
  log(`machine: ${machine}; load average ${loadBefore.toFixed(2)}`);
  log(`models: ${opts.models.join(', ')}; batch ${opts.batch}; backends in order: ${opts.backends.join(', ')}`);
  const rounds: Array<Map<BenchBackend, BackendRun>> = [];
  const t0 = Date.now();
  for (let round = 1; round <= opts.rounds; round++) {
    if (opts.rounds > 1) log(`round ${round} of ${opts.rounds}`);
    const runsOfRound = new Map<BenchBackend, BackendRun>();
    for (const b of opts.backends) runsOfRound.set(b, await runBackend(b, opts));
    rounds.push(runsOfRound);
  }
  const runs = medianRuns(opts, rounds);
  const loadAfter = os.loadavg()[0]!;
  const text = report(opts, runs) + (opts.rounds > 1 ? `\n\n${roundsReport(opts, rounds)}` : '');
  process.stdout.write(`\nTraining throughput, samples/s (batch ${opts.batch}, Adam, 28x28x1 random data, 10 classes)\n` +
    `${machine}; load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after; ${((Date.now() - t0) / 1000).toFixed(0)}s in all\n\n${text}\n`);
  const out = opts.out ?? path.join(ROOT, '.nas', 'bench', `train-throughput-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ machine, loadBefore, loadAfter, options: opts, runs: Object.fromEntries(runs), rounds: rounds.map((r) => Object.fromEntries(r)) }, null, 2) + '\n');
  log(`results written to ${path.relative(ROOT, out)}`);
  const anyOk = [...runs.values()].some((r) => r.results.some((x) => x.ok));
  process.exitCode = anyOk ? 0 : 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`[bench] ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exitCode = 1;
});
