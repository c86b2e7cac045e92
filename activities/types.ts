// The activity interface as the workflow sees it (type-only import there, never the code).
import type { TrainRequest, TrainResult } from '../contracts/training';

export interface TrainActivityResult extends TrainResult {
  /** Temporal attempt number that produced this result (above 1 after a retry). */
  attempt: number;
  /** Epoch this attempt started training from (its checkpoint's epoch, or 0). */
  startEpoch: number;
}

/**
 * Heartbeat details: enough for a retry to resume where the last attempt stopped, and for
 * `nas watch` (which reads them from the workflow's pending activities) to show live progress.
 */
export interface TrainHeartbeat {
  /** Which trial and how far this job goes (absent in heartbeats of older workers). */
  trialId?: string;
  targetEpochs?: number;
  epochsDone: number;
  checkpoint?: TrainResult['checkpoint'];
  history: TrainResult['history'];
}

export interface NasActivities {
  trainCandidate(request: TrainRequest): Promise<TrainActivityResult>;
}
