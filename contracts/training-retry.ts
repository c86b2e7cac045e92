// How a failed training attempt is retried. Temporal's retry policy cannot vary by error type,
// so there is one policy, and it is the long schedule that an artifact store outage needs
// (workflows/training-activity.ts); the activity (activities/train-candidate.ts) marks every
// other retryable failure non-retryable once it has had the short schedule a training failure
// always had. Both sides read the numbers from here so they cannot drift apart.
import type { RetryPolicy } from '@temporalio/common';

/**
 * Failure type of an artifact store that did not answer (trainer/errors.ts): the store is down
 * or unreachable for now, and nothing is wrong with the training.
 */
export const STORE_UNAVAILABLE_TYPE = 'StoreUnavailableError';

/**
 * Attempts of a training whose failure a retry may fix (a crashed trainer, out of memory, an
 * unknown error): 3, 1 s then 2 s apart, as before store outages had their own schedule. A
 * failure that a retry cannot fix (bad request, divergence, ...) is never retried at all.
 */
export const TRAINING_FAILURE_ATTEMPTS = 3;

/**
 * The schedule a store outage gets: waits of 1, 2, 4, 8, 16 s, then 30 s, until attempt 15
 * starts about 5 minutes (301 s of waiting, plus the failed attempts themselves) after the
 * first failed. Long enough for an S3 server to restart or a network to come back, short
 * enough that a store that stays down fails the trial the same day. Waits hold no training slot.
 */
export const STORE_OUTAGE_RETRY = {
  initialInterval: '1s',
  backoffCoefficient: 2,
  maximumInterval: '30s',
  maximumAttempts: 15,
} as const satisfies RetryPolicy;

