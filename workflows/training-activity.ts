// How every workflow that trains calls the training activity: the search's trials and the
// retraining before an export are the same kind of job and recover from a crash the same way.
import type { ActivityOptions } from '@temporalio/workflow';

/**
 * Error types a retry of the same training cannot fix (trainer/errors.ts). The trainer marks
 * them non-retryable itself; the list also covers failures raised outside it.
 */
const NON_RETRYABLE_TYPES = ['ConfigError', 'DatasetError', 'InvalidTrainRequestError', 'CheckpointError', 'DivergenceError', 'ArchitectureError', 'BackendUnavailableError'];

export function trainingActivityOptions(taskQueue: string, summary: string): ActivityOptions {
  return {
    taskQueue,
    // A trial may legitimately train for hours; liveness is watched by heartbeats instead.
    startToCloseTimeout: '24h',
    // The activity heartbeats every few seconds while its trainer runs, so a dead worker is
    // noticed within this and the training is retried elsewhere from its last checkpoint.
    heartbeatTimeout: '20s',
    retry: { maximumAttempts: 3, initialInterval: '1s', nonRetryableErrorTypes: NON_RETRYABLE_TYPES },
    summary,
  };
}
