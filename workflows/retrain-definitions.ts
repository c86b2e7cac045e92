// Names and shapes of the retraining workflow (`nas export --retrain`), shared by the workflow
// and the client.
import type { TrainRequest } from '../contracts/training';
import type { TrainActivityResult } from '../activities/types';

export const RETRAIN_WORKFLOW_TYPE = 'nasRetrain';

/** One workflow per (search, trial): a second export attaches to it or reuses its checkpoint. */
export function retrainWorkflowId(searchId: string, trialId: string): string {
  return `${searchId}.retrain-${trialId}`;
}

/** Checkpoints of a retraining live beside the search's, under a trial folder of their own. */
export function retrainTrialId(trialId: string): string {
  return `${trialId}-retrain`;
}

export interface RetrainWorkflowInput {
  /** The search and trial retrained (the request's ids name the checkpoint folder instead). */
  searchId: string;
  trialId: string;
  /** A complete training job: full fidelity, training plus validation data. */
  request: TrainRequest;
  trainingTaskQueue: string;
}

export interface RetrainWorkflowResult {
  searchId: string;
  trialId: string;
  request: TrainRequest;
  result: TrainActivityResult;
}
