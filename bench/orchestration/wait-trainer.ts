// The benchmark's trainer: each training is a fixed wait (a timer, no CPU), so what the
// benchmark measures is the orchestration around it: the workflow, the server, the activity
// (its artifact-store lookups and attempt log) and the trial store. It stands in for the
// trainer process pool behind the real training activity (activities/train-candidate.ts).
import type { TrainRequest, TrainResult } from '../../contracts/training';
import type { RunHooks } from '../../trainer/pool';

export interface TrainingSpan {
  trialId: string;
  start: number;
  end: number;
}

export class WaitTrainer {
  /** When each training started and ended (epoch ms), in the order they ended. */
  readonly spans: TrainingSpan[] = [];
  private running = 0;
  /** Most trainings ever waiting at once. */
  peak = 0;

  constructor(private readonly waitMs: number) {}

  async run(request: TrainRequest, hooks: RunHooks = {}): Promise<TrainResult> {
    const start = Date.now();
    this.running++;
    this.peak = Math.max(this.peak, this.running);
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, this.waitMs);
        hooks.signal?.addEventListener('abort', () => (clearTimeout(timer), reject(new Error('training cancelled'))), { once: true });
      });
    } finally {
      this.running--;
    }
    const end = Date.now();
    this.spans.push({ trialId: request.trialId, start, end });
    // A value that differs between networks, so the leaderboard has something to rank.
    const text = JSON.stringify(request.architecture);
    let h = 0;
    for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) >>> 0;
    const valAccuracy = 0.5 + (h % 1000) / 2000;
    const metrics = { epoch: request.targetEpochs, loss: 1 - valAccuracy, accuracy: valAccuracy, valLoss: 1 - valAccuracy, valAccuracy, seconds: this.waitMs / 1000 };
    return {
      trialId: request.trialId,
      epochsDone: request.targetEpochs,
      // Nothing is written: a later rung would find no checkpoint to resume (the benchmark trains one rung).
      checkpoint: { uri: `${request.searchId}/${request.trialId}/epoch-${String(request.targetEpochs).padStart(4, '0')}`, epoch: request.targetEpochs },
      history: [metrics],
      final: metrics,
      params: 1000,
      flops: 2000,
      wallTimeMs: end - start,
      samplesPerSecond: 0,
      backend: { name: 'wait', package: 'bench/orchestration', version: '1', gpu: false },
    };
  }
}
