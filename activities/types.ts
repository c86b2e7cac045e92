// The activity interface as the workflow sees it (type-only import there, never the code).
import type { TrainRequest, TrainResult } from '../contracts/training';

export interface TrainActivityResult extends TrainResult {
  /** Temporal attempt number that produced this result (above 1 after a retry). */
  attempt: number;
  /** Epoch this attempt started training from (its checkpoint's epoch, or 0). */
  startEpoch: number;
}

/** Heartbeat details: enough for a retry to resume where the last attempt stopped. */
export interface TrainHeartbeat {
  epochsDone: number;
  checkpoint?: TrainResult['checkpoint'];
  history: TrainResult['history'];
}

export interface NasActivities {
  trainCandidate(request: TrainRequest): Promise<TrainActivityResult>;
}
