// How every workflow that trains calls the training activity: the search's trials and the
// retraining before an export are the same kind of job and recover from a crash the same way.
import { patched, type ActivityOptions } from '@temporalio/workflow';
import { STORE_OUTAGE_RETRY, TRAINING_FAILURE_ATTEMPTS } from '../contracts/training-retry';

/**
 * Patch id of the change that retries a training through an artifact store outage for about
 * 5 minutes (contracts/training-retry.ts) instead of 3 attempts in 3 s, which failed a trial
 * whenever the store was down for longer than a few seconds. Histories from before it keep the
 * retry policy their activities were scheduled with; running searches use it from their next
 * training on.
 */
export const STORE_OUTAGE_RETRY_PATCH = 'store-outage-retry';

/**
 * Error types a retry of the same training cannot fix (trainer/errors.ts). The trainer marks
 * them non-retryable itself; the list also covers failures raised outside it.
 */
const NON_RETRYABLE_TYPES = ['ConfigError', 'DatasetError', 'InvalidTrainRequestError', 'CheckpointError', 'DivergenceError', 'ArchitectureError', 'BackendUnavailableError'];

export function trainingActivityOptions(taskQueue: string, summary: string): ActivityOptions {
  return {
    taskQueue,
    // A trial may legitimately train for hours; liveness is watched by heartbeats instead.
    // The limit is per attempt: the waits between retries do not count against it.
    startToCloseTimeout: '24h',
    // The activity heartbeats every few seconds while its trainer runs, so a dead worker is
    // noticed within this and the training is retried elsewhere from its last checkpoint.
    // A store outage does not stop the heartbeats (they go to Temporal, not to the store).
    heartbeatTimeout: '20s',
    // With the patch the policy is the long store outage schedule; the activity itself ends
    // other retryable failures after TRAINING_FAILURE_ATTEMPTS (activities/train-candidate.ts).
    retry: patched(STORE_OUTAGE_RETRY_PATCH)
      ? { ...STORE_OUTAGE_RETRY, nonRetryableErrorTypes: NON_RETRYABLE_TYPES }
      : { maximumAttempts: TRAINING_FAILURE_ATTEMPTS, initialInterval: '1s', nonRetryableErrorTypes: NON_RETRYABLE_TYPES },
    summary,
  };
}
