// bench/orchestration: what the orchestration costs per trial, and whether it stays the same
// from the first trial to the last. A search of N trials whose trainings are a fixed wait
// (wait-trainer.ts) runs against a private Temporal dev server with the real workflow, the real
// training activity and the trial store; the wall time is compared with the ideal
// (trials x wait / concurrency), and the time per trial of the first 1,000 trainings with that of
// the last 1,000.
//
//   npx tsc -p . && node dist/bench/orchestration/main.js [--trials 10000] [--concurrency 16] [--seconds 1]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureTemporalCli } from '../../infra/temporal/cli-install';
import { SEARCH_ATTRIBUTE_KEYS } from '../../contracts/search-attributes';
import { installWorkerRuntime } from '../../workers/nas-worker';
import { createActivities, createTrialStoreActivities } from '../../activities';
import { SEARCH_WORKFLOW_TYPE, statusQuery } from '../../workflows/definitions';
import type { SearchResult } from '../../domain/search/types';
import { WaitTrainer, type TrainingSpan } from './wait-trainer';

interface Options {
  trials: number;
  concurrency: number;
  seconds: number;
  /** Trainings per window for the first/last comparison. */
  window: number;
}

function parse(argv: string[]): Options {
  const opts: Options = { trials: 10_000, concurrency: 16, seconds: 1, window: 1000 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '') as keyof Options;
    const value = Number(argv[i + 1]);
    if (!(key in opts) || !Number.isFinite(value) || value <= 0) throw new Error(`usage: main.js [--trials N] [--concurrency N] [--seconds S] [--window N]; bad ${argv[i]} ${argv[i + 1] ?? ''}`);
    opts[key] = value;
  }
  return opts;
}

/** Milliseconds per trial between the ends of trainings `from` and `to` (by end time). */
function perTrial(ends: number[], from: number, to: number): number {
  return (ends[to - 1] - ends[from]) / (to - 1 - from);
}

async function main(): Promise<void> {
  const opts = parse(process.argv.slice(2));
  installWorkerRuntime();
  const env = await TestWorkflowEnvironment.createLocal({
    server: { searchAttributes: SEARCH_ATTRIBUTE_KEYS, executable: { type: 'existing-path', path: await ensureTemporalCli() } },
  });
  const artifactRoot = mkdtempSync(join(tmpdir(), 'orchestration-'));
  const trainer = new WaitTrainer(opts.seconds * 1000);
  const searchQueue = 'bench-search';
  const trainingQueue = 'bench-training';
  const workflows = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: searchQueue,
    workflowsPath: require.resolve('../../workflows'),
    activities: createTrialStoreActivities(artifactRoot),
  });
  const training = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: trainingQueue,
    activities: createActivities({ pool: trainer, artifactRoot }),
    maxConcurrentActivityTaskExecutions: opts.concurrency,
    maxHeartbeatThrottleInterval: '1s',
  });
  const config = {
    dataset: { name: 'synthetic', trainSize: 64, validationSize: 32 },
    space: { type: 'chain', maxLayers: 4 },
    strategy: { type: 'random' },
    // Brackets only group proposals here; big ones keep every slot fed.
    fidelity: { type: 'none', maxEpochs: 1, bracketSize: 4 * opts.concurrency },
    budget: { trials: opts.trials },
    concurrency: opts.concurrency,
    seed: 1,
    trainingTaskQueue: trainingQueue,
  };
  const searchId = `orchestration-${Date.now()}`;
  let result: SearchResult;
  let generation = 0;
  let finished = 0;
  const started = Date.now();
  try {
    const done = Promise.all([workflows.run(), training.run()]);
    const handle = await env.client.workflow.start(SEARCH_WORKFLOW_TYPE, { taskQueue: searchQueue, workflowId: searchId, args: [{ config }], workflowTaskTimeout: '60s' });
    const ticker = setInterval(() => {
      const n = trainer.spans.length;
      process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0)} s] ${n}/${opts.trials} trainings done\n`);
    }, 30_000);
    try {
      result = (await handle.result()) as SearchResult;
      finished = Date.now();
    } finally {
      clearInterval(ticker);
    }
    generation = (await handle.query(statusQuery)).generation;
    workflows.shutdown();
    training.shutdown();
    await done;
  } finally {
    await env.teardown();
    rmSync(artifactRoot, { recursive: true, force: true });
  }
  // From the start of the search to its result (not the workers' start-up and shutdown).
  const wallMs = finished - started;
  report(opts, trainer.spans, wallMs, generation, result, trainer.peak);
}

function report(opts: Options, spans: TrainingSpan[], wallMs: number, generation: number, result: SearchResult, peak: number): void {
  const idealMs = (opts.trials * opts.seconds * 1000) / opts.concurrency;
  const ends = spans.map((s) => s.end).sort((a, b) => a - b);
  const window = Math.min(opts.window, Math.floor(ends.length / 2));
  const first = perTrial(ends, 0, window);
  const last = perTrial(ends, ends.length - window, ends.length);
  const idealPerTrial = (opts.seconds * 1000) / opts.concurrency;
  const lines = [
    `trials ${opts.trials} (${spans.length} trainings), ${opts.seconds} s each, concurrency ${opts.concurrency}; status ${result.status}, ${result.trialStore?.stored ?? 0} records in the trial store, ${generation} workflow runs; peak ${peak} trainings at once`,
    `wall ${(wallMs / 1000).toFixed(1)} s vs ideal ${(idealMs / 1000).toFixed(1)} s: overhead ${(((wallMs - idealMs) / idealMs) * 100).toFixed(1)}%`,
    `per trial: first ${window} ${first.toFixed(1)} ms, last ${window} ${last.toFixed(1)} ms (ideal ${idealPerTrial.toFixed(1)} ms): last/first ${(last / first).toFixed(2)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
