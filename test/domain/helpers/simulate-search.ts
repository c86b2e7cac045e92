// A whole search through the engine against a fake trainer (results derived from the network,
// no training), as the workflow drives it: jobs finish in an order drawn from a seed, settled
// records go to a pretend trial store (acknowledged a few steps late, like the activity) and
// every few steps the engine goes through a JSON snapshot and restore, as at continueAsNew.
import { SearchEngine, type EngineOptions, type LaunchableJob } from '../../../domain/search/engine';
import { parseSearchConfig } from '../../../domain/config/validate';
import { Rng } from '../../../domain/rng';
import type { JobResult, SearchState } from '../../../domain/search/types';

/** A result that depends only on the job's network and target, like a perfectly seeded trainer. */
export function fakeResult(job: LaunchableJob): JobResult {
  const text = JSON.stringify(job.architecture);
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) >>> 0;
  const valAccuracy = 0.5 + 0.4 * ((h % 1000) / 1000) + 0.09 * (1 - 1 / job.targetEpochs);
  const final = { epoch: job.targetEpochs, loss: 1 - valAccuracy, accuracy: valAccuracy, valLoss: 1 - valAccuracy, valAccuracy, seconds: 1 };
  const from = job.resumeFrom?.epoch ?? 0;
  return {
    epochsDone: job.targetEpochs,
    checkpoint: { uri: `s/${job.trialId}/epoch-${String(job.targetEpochs).padStart(4, '0')}`, epoch: job.targetEpochs },
    history: Array.from({ length: job.targetEpochs - from }, (_, i) => ({ ...final, epoch: from + i + 1 })),
    final,
    params: 1000 + (h % 500),
    flops: 2000,
    wallTimeMs: 10,
    backend: { name: 'fake', package: 'none', version: '0', gpu: false },
  };
}

export interface SimulatedSearch {
  engine: SearchEngine;
  /** Every job as handed out: `<trialId>@<target>`. */
  jobLog: string[];
  /** The snapshots taken at each continueAsNew, as JSON, with the number of trials archived then. */
  snapshots: { archived: number; json: string }[];
}

export interface SimulateOptions {
  engine: EngineOptions;
  orderSeed: number;
  /** Steps (finished jobs) between continueAsNew snapshots. */
  every: number;
}

export function simulateSearch(rawConfig: Record<string, unknown>, o: SimulateOptions): SimulatedSearch {
  let engine = SearchEngine.create(parseSearchConfig(rawConfig), 0, o.engine);
  const order = new Rng(o.orderSeed);
  let inFlight: LaunchableJob[] = [];
  let pending: string[][] = [];
  const run: SimulatedSearch = { engine, jobLog: [], snapshots: [] };
  for (let step = 1; !engine.isDone(); step++) {
    for (const job of engine.takeJobs()) {
      run.jobLog.push(`${job.trialId}@${job.targetEpochs}`);
      inFlight.push(job);
    }
    if (inFlight.length === 0) break;
    const [job] = inFlight.splice(order.int(inFlight.length), 1);
    engine.completeJob(job.trialId, fakeResult(job));
    if (step % 3 === 0) {
      for (const ids of pending) engine.recordsSaved(ids, '/store');
      pending = [];
    }
    const records = engine.recordsToSave();
    if (records.length > 0) pending.push(records.map((r) => r.trialId));
    if (step % o.every === 0) {
      // continueAsNew with trainings in flight: they are handed out again by the next run.
      const json = JSON.stringify(engine.snapshot(true));
      run.snapshots.push({ archived: engine.archivedCount, json });
      engine = SearchEngine.restore(JSON.parse(json) as SearchState, o.engine);
      inFlight = [];
      pending = [];
      for (const again of engine.takeJobs()) inFlight.push(again);
    }
  }
  run.engine = engine;
  return run;
}
