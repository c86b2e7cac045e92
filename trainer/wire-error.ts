// Converting errors for the trip from a trainer child to the pool.
import { TrainerError } from './errors';

/** How TensorFlow and V8 say that memory ran out. */
export const OUT_OF_MEMORY = /OOM when allocating|out of memory|ResourceExhausted|Allocation failed|Array buffer allocation failed/i;
import type { WireError } from './protocol';

/**
 * tfjs errors that depend only on the model and backend (a kernel or gradient the backend
 * lacks): deterministic, so a retry of the same request on the same backend fails again.
 */
const DETERMINISTIC_TFJS = [/not registered for backend/, /not yet supported in gradients/];

export function toWireError(err: unknown): WireError {
  if (err instanceof TrainerError) {
    return { name: err.name, message: err.message, stack: err.stack, nonRetryable: err.nonRetryable };
  }
  const e = err instanceof Error ? err : new Error(String(err));
  if (OUT_OF_MEMORY.test(e.message) || e instanceof RangeError && /allocation/i.test(e.message)) {
    return { name: 'OutOfMemoryError', message: `out of memory: ${e.message}`, stack: e.stack, nonRetryable: false };
  }
  return {
    name: e.name,
    message: e.message,
    stack: e.stack,
    // Errors that know retrying cannot help say so themselves (the artifact store's, ...).
    nonRetryable: (e as { nonRetryable?: unknown }).nonRetryable === true || DETERMINISTIC_TFJS.some((pattern) => pattern.test(e.message)),
  };
}
