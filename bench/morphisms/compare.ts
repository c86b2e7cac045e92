// Hill climbing with network morphisms against the same search with children trained from
// scratch (issue 7), at equal total training epochs: both run the same number of trials of the
// same fidelity; only `strategy.inherit` differs. The search runs through the SearchEngine (the
// workflow's brain) and a TrainerPool, without Temporal, so it measures the search itself.
//
//   node dist/bench/morphisms/compare.js [seeds=3] [trials=16]
import * as os from 'node:os';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseSearchConfig } from '../../domain/config/validate';
import { SearchEngine } from '../../domain/search/engine';
import { TrainerPool } from '../../trainer/pool';
import type { TrainRequest } from '../../contracts/training';

async function search(pool: TrainerPool, seed: number, trials: number, inherit: boolean): Promise<{ best: number; epochs: number; steps: number; startGap: number }> {
  const config = parseSearchConfig({
    dataset: { name: 'mnist', trainSize: 512, validationSize: 256 },
    space: { type: 'chain', maxLayers: 3, filters: [4, 8], units: [16, 32], kernelSizes: [3] },
    strategy: { type: 'hillclimb', morphisms: true, children: 3, inherit },
    fidelity: { type: 'none', maxEpochs: 1, bracketSize: 3 },
    training: { batchSize: 32, learningRate: 0.003, optimizer: 'adam', backend: 'auto' },
    budget: { trials },
    concurrency: 1,
    seed,
  });
  const engine = SearchEngine.create(config, 0);
  const searchId = `bench-morph-${seed}-${inherit ? 'inherit' : 'scratch'}`;
  let epochs = 0;
  while (!engine.isDone()) {
    for (const job of engine.takeJobs()) {
      const request: TrainRequest = {
        searchId,
        trialId: job.trialId,
        architecture: job.architecture,
        dataset: { ...config.dataset, splitSeed: seed },
        training: { batchSize: config.training.batchSize, learningRate: config.training.learningRate, optimizer: config.training.optimizer },
        seed: job.seed,
        targetEpochs: job.targetEpochs,
        ...(job.resumeFrom ? { resumeFrom: job.resumeFrom } : {}),
        ...(job.inheritFrom ? { inheritFrom: job.inheritFrom } : {}),
        backend: 'auto',
      };
      try {
        const result = await pool.run(request);
        epochs += result.history.length;
        engine.completeJob(job.trialId, result);
      } catch (err) {
        engine.failJob(job.trialId, (err as Error).message);
      }
    }
  }
  const result = engine.result(searchId, 0);
  const steps = result.trials.filter((t) => t.morphism !== undefined).map((t) => t.morphism!);
  // How far a child's epoch-0 accuracy is from its parent's (0 for exact morphisms).
  const gaps = steps.filter((s) => s.startValAccuracy !== undefined && s.parentValAccuracy !== undefined).map((s) => Math.abs((s.startValAccuracy as number) - (s.parentValAccuracy as number)));
  return { best: result.best?.metrics.valAccuracy ?? 0, epochs, steps: steps.length, startGap: gaps.length ? Math.max(...gaps) : 0 };
}

async function main(): Promise<void> {
  const seeds = Number(process.argv[2] ?? 3);
  const trials = Number(process.argv[3] ?? 16);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-bench-morph-'));
  const pool = new TrainerPool({ size: 1, artifactRoot: root, backend: 'auto' });
  const rows: { seed: number; inherit: number; scratch: number }[] = [];
  try {
    for (let seed = 1; seed <= seeds; seed++) {
      const a = await search(pool, seed, trials, true);
      const b = await search(pool, seed, trials, false);
      console.log(`seed ${seed}: morphisms+inherit best ${a.best.toFixed(4)} (${a.epochs} epochs, ${a.steps} steps, max |child@0 - parent| ${a.startGap.toFixed(4)}); from scratch best ${b.best.toFixed(4)} (${b.epochs} epochs)`);
      rows.push({ seed, inherit: a.best, scratch: b.best });
    }
  } finally {
    await pool.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  console.log(`mean best val accuracy over ${seeds} seeds, ${trials} trials x 1 epoch each: inherit ${mean(rows.map((r) => r.inherit)).toFixed(4)}, scratch ${mean(rows.map((r) => r.scratch)).toFixed(4)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
