// Trainings per hour of a whole training worker with 1 vs 2 trainer processes (issue 12,
// scope 4: "two trainer processes on 2 cores must not be slower in total than one").
//
//   node dist/bench/trainer-processes/main.js [--trainings 8] [--train-size 4000]
//        [--epochs 1] [--rounds 2] [--layouts 1,2,2:inter1] [--out file.json]
//
// A layout is the number of trainer processes (the worker's --concurrency), optionally with
// thread settings for every process: `2:inter1` = 2 processes, TF_NUM_INTEROP_THREADS=1,
// `2:intra2` = TF_NUM_INTRAOP_THREADS=2 (TrainerPool gives each child cores/size intra-op
// threads unless the environment says otherwise; that is the default layout `2`).
// Each layout runs a TrainerPool exactly as `nas worker --concurrency N` does (the worker
// adds only Temporal's bookkeeping around pool.run), warms every child with one training,
// then submits the same list of trainings at once and times them until the last ends.
// Layouts alternate within a round so that drifting load hits all of them alike.
//
// The trainings: architectures drawn (seeded) from the default search's space
// (configs/mnist.json: chain, up to 5 layers), on MNIST at the default search's batch size,
// learning rate and optimizer, each to `epochs` epochs with a checkpoint per epoch, as
// the search's first rung does.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../../client/load-config';
import { createSpace } from '../../domain/spaces';
import '../../domain/spaces/register-all';
import { Rng } from '../../domain/rng';
import { TrainerPool } from '../../trainer/pool';
import type { TrainRequest, TrainResult } from '../../contracts/training';

interface Layout {
  label: string;
  processes: number;
  env: Record<string, string>;
}

interface Options {
  trainings: number;
  trainSize: number;
  epochs: number;
  rounds: number;
  layouts: Layout[];
  out?: string;
}

const THREAD_VARS: Record<string, string> = { intra: 'TF_NUM_INTRAOP_THREADS', inter: 'TF_NUM_INTEROP_THREADS' };

function parseLayout(text: string): Layout {
  const [count, ...settings] = text.split(':');
  const processes = Number(count);
  if (!Number.isInteger(processes) || processes < 1) throw new Error(`--layouts: '${text}' must start with a number of processes`);
  const env: Record<string, string> = {};
  for (const s of settings) {
    const m = /^(intra|inter)(\d+)$/.exec(s);
    if (m === null) throw new Error(`--layouts: '${s}' in '${text}' must be intraN or interN`);
    env[THREAD_VARS[m[1]!]!] = m[2]!;
  }
  return { label: text, processes, env };
}

function parseArgs(argv: string[]): Options {
  const o: Options = { trainings: 8, trainSize: 4000, epochs: 1, rounds: 2, layouts: ['1', '2'].map(parseLayout) };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    const n = Number(value);
    if (flag === '--trainings') o.trainings = n;
    else if (flag === '--train-size') o.trainSize = n;
    else if (flag === '--epochs') o.epochs = n;
    else if (flag === '--rounds') o.rounds = n;
    else if (flag === '--layouts') o.layouts = value.split(',').map(parseLayout);
    else if (flag === '--out') o.out = value;
    else throw new Error(`unknown flag ${flag}`);
    if (flag !== '--layouts' && flag !== '--out' && !(Number.isInteger(n) && n >= 1)) throw new Error(`${flag} must be a positive integer, got '${value}'`);
  }
  return o;
}

function requests(o: Options, round: number, label: string): TrainRequest[] {
  const config = loadConfig(DEFAULT_CONFIG_PATH);
  const space = createSpace(config.space);
  const rng = new Rng(12);
  return Array.from({ length: o.trainings }, (_, i) => ({
    searchId: `bench-${round}-${label.replace(/[^a-z0-9]/gi, '_')}`,
    trialId: `t${i}`,
    architecture: space.compile(space.sample(rng)),
    dataset: { name: 'mnist', trainSize: o.trainSize, validationSize: Math.round(o.trainSize / 4), splitSeed: 1 },
    training: { batchSize: config.training.batchSize, learningRate: config.training.learningRate, optimizer: config.training.optimizer },
    seed: 100 + i,
    targetEpochs: o.epochs,
    backend: 'auto',
  }));
}

interface Measured {
  layout: string;
  round: number;
  seconds: number;
  trainingsPerHour: number;
  paths: Record<string, number>;
  load: number[];
}

/** Runs `list` on a fresh pool laid out as `layout`: warm-up per child, then the timed batch. */
async function measure(layout: Layout, list: TrainRequest[], artifactRoot: string, round: number): Promise<Measured> {
  const saved = Object.fromEntries(Object.keys(layout.env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, layout.env);
  const pool = new TrainerPool({ size: layout.processes, artifactRoot, backend: 'auto' });
  try {
    // One warm-up training per child (forks it, loads TensorFlow and MNIST, builds a graph).
    await Promise.all(Array.from({ length: layout.processes }, (_, i) => pool.run({ ...list[0]!, searchId: `${list[0]!.searchId}-warm`, trialId: `w${i}` })));
    const start = performance.now();
    const results: TrainResult[] = await Promise.all(list.map((r) => pool.run(r)));
    const seconds = (performance.now() - start) / 1000;
    const paths: Record<string, number> = {};
    for (const r of results) paths[r.trainingPath?.step ?? '?'] = (paths[r.trainingPath?.step ?? '?'] ?? 0) + 1;
    return { layout: layout.label, round, seconds, trainingsPerHour: (3600 * list.length) / seconds, paths, load: os.loadavg() };
  } finally {
    await pool.close();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-bench-processes-'));
  const all: Measured[] = [];
  console.log(`${os.cpus().length} cores (${os.cpus()[0]?.model}); ${o.trainings} trainings of ${o.trainSize} MNIST samples x ${o.epochs} epoch(s) per layout and round; NAS_TRAIN_STEP=${process.env.NAS_TRAIN_STEP ?? '(default)'}`);
  try {
    for (let round = 1; round <= o.rounds; round++) {
      // Alternate the order between rounds, too.
      const order = round % 2 === 1 ? o.layouts : [...o.layouts].reverse();
      for (const layout of order) {
        const m = await measure(layout, requests(o, round, layout.label), root, round);
        all.push(m);
        console.log(`round ${round} layout ${layout.label.padEnd(10)} ${m.seconds.toFixed(1).padStart(6)} s  ${m.trainingsPerHour.toFixed(0).padStart(6)} trainings/h  paths ${JSON.stringify(m.paths)}  load ${m.load.map((x) => x.toFixed(1)).join(' ')}`);
      }
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  const base = median(all.filter((m) => m.layout === o.layouts[0]!.label).map((m) => m.trainingsPerHour));
  console.log(`\n| layout | trainings/h per round | median | vs ${o.layouts[0]!.label} |\n|---|---|---:|---:|`);
  for (const layout of o.layouts) {
    const runs = all.filter((m) => m.layout === layout.label).map((m) => m.trainingsPerHour);
    console.log(`| ${layout.label} | ${runs.map((x) => x.toFixed(0)).join(' / ')} | ${median(runs).toFixed(0)} | ${(median(runs) / base).toFixed(2)}x |`);
  }
  if (o.out !== undefined) fs.writeFileSync(o.out, JSON.stringify({ options: { ...o, layouts: o.layouts.map((l) => l.label) }, runs: all }, null, 2));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
