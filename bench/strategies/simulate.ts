// One search on the tabular benchmark, in process and in simulated time: the pure domain
// engine decides, the table answers each training at once, and a clock advances by the
// seconds each training took when the table was built. `concurrency` trainings run at once;
// results are digested in the order they would finish (ties in trial order), as a workflow with
// that many training slots would see them. No Temporal, no tfjs.
import { SearchEngine } from '../../domain/search/engine';
import type { SearchConfig } from '../../domain/config/search-config';
import type { JobResult } from '../../domain/search/types';
import { graphHash } from '../../domain/graph';
import { lookupTraining, type TabularTable } from '../../domain/tabular';

/** The search's state after one finished training. */
export interface AnytimePoint {
  /** Simulated seconds since the search started. */
  time: number;
  /** Trainings finished so far (a promotion to a higher rung counts again). */
  trainings: number;
  /** Epochs trained so far, all trials together. */
  epochs: number;
  /** The search's best trial now (top of its leaderboard) and the accuracy it reported. */
  incumbentHash: string;
  incumbentAccuracy: number;
}

interface Running {
  trialId: string;
  finishAt: number;
  order: number;
  result: JobResult;
}

/** Runs until the search ends or the clock passes `timeLimit`; returns the point after each training. */
export function simulateSearch(config: SearchConfig, table: TabularTable, timeLimit: number): AnytimePoint[] {
  const engine = SearchEngine.create(config, 0);
  const running: Running[] = [];
  const points: AnytimePoint[] = [];
  let now = 0;
  let order = 0;
  let trainings = 0;
  let epochs = 0;
  const backend = { name: 'tabular', package: 'bench', version: '1', gpu: false };
  for (;;) {
    for (const job of engine.takeJobs()) {
      const from = job.resumeFrom?.epoch ?? 0;
      const hash = graphHash(job.architecture);
      const answer = lookupTraining(table, hash, from, job.targetEpochs);
      const result: JobResult = {
        epochsDone: job.targetEpochs,
        checkpoint: { uri: `tabular:${hash}/epoch-${job.targetEpochs}`, epoch: job.targetEpochs },
        history: answer.history,
        final: answer.history[answer.history.length - 1],
        params: answer.params,
        flops: answer.flops,
        wallTimeMs: answer.seconds * 1000,
        backend,
      };
      running.push({ trialId: job.trialId, finishAt: now + answer.seconds, order: order++, result });
    }
    if (engine.isDone() || running.length === 0) break;
    running.sort((a, b) => a.finishAt - b.finishAt || a.order - b.order);
    const done = running.shift() as Running;
    if (done.finishAt > timeLimit) break;
    now = done.finishAt;
    engine.completeJob(done.trialId, done.result);
    trainings++;
    epochs += done.result.history.length;
    const best = engine.leaderboard()[0];
    if (best === undefined) continue;
    const record = engine.trialRecords().find((t) => t.trialId === best.trialId);
    points.push({ time: now, trainings, epochs, incumbentHash: record?.hash as string, incumbentAccuracy: best.valAccuracy });
  }
  return points;
}
