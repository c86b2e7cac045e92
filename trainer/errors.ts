// Error classes of the trainer. Each carries `nonRetryable` so the Temporal activity can
// decide whether a retry could possibly help without parsing messages. Names are set
// explicitly because they survive IPC and Temporal failure conversion, class identity does not.
import { STORE_UNAVAILABLE_TYPE } from '../contracts/training-retry';

/** Base of every trainer error. */
export class TrainerError extends Error {
  readonly nonRetryable: boolean;

  constructor(name: string, message: string, nonRetryable: boolean) {
    super(message);
    this.name = name;
    this.nonRetryable = nonRetryable;
  }
}

/** Thrown when a TrainRequest or its dataset is invalid (bad sizes, missing files, bad ids); retrying cannot help. */
export class InvalidTrainRequestError extends TrainerError {
  constructor(message: string) {
    super('InvalidTrainRequestError', message, true);
  }
}

/** Thrown by selectBackend when an explicitly chosen backend cannot be loaded; the message names the fix. */
export class BackendUnavailableError extends TrainerError {
  constructor(message: string) {
    super('BackendUnavailableError', message, true);
  }
}

/** Thrown when a checkpoint is missing, truncated or does not fit the architecture it is loaded into. */
export class CheckpointError extends TrainerError {
  constructor(message: string) {
    super('CheckpointError', message, true);
  }
}

/**
 * A checkpoint whose bytes cannot be read back whole (truncated, corrupt, missing, not a
 * checkpoint): written by a trainer that crashed mid-write, or damaged on disk. A resume from it
 * falls back to an earlier readable checkpoint (trainer/resume.ts); other CheckpointErrors (the
 * checkpoint is fine but does not fit the request) still fail the training.
 */
export class UnreadableCheckpointError extends CheckpointError {
  readonly unreadable = true;
}

/**
 * The artifact store did not answer (network trouble, an S3 server restarting): says nothing
 * about the checkpoint's bytes, so the training is retried rather than failed or resumed from
 * an earlier checkpoint, on the long schedule of a store outage (contracts/training-retry.ts).
 */
export class StoreUnavailableError extends TrainerError {
  constructor(message: string) {
    super(STORE_UNAVAILABLE_TYPE, message, false);
  }
}

/** Loss became NaN, infinite or exploded: the same request diverges again, so retrying cannot help. */
export class DivergenceError extends TrainerError {
  constructor(message: string) {
    super('DivergenceError', message, true);
  }
}

/** The architecture passed validation but tfjs cannot build or compile it: deterministic, not retried. */
export class ArchitectureError extends TrainerError {
  constructor(message: string) {
    super('ArchitectureError', message, true);
  }
}

/**
 * Memory ran out (a tensor allocation failed, or the trainer process died of it). Retried,
 * a bounded number of times: with fewer trainings beside it the same trial may fit.
 */
export class OutOfMemoryError extends TrainerError {
  constructor(message: string) {
    super('OutOfMemoryError', message, false);
  }
}

/** Rejects TrainerPool.run when the caller's AbortSignal fired; the trial's child was SIGKILLed. */
export class TrainingCancelledError extends TrainerError {
  constructor(message: string) {
    super('TrainingCancelledError', message, true);
  }
}

/** Rejects TrainerPool.run when the child training the trial died (crash, OOM kill, signal). */
export class TrainerCrashedError extends TrainerError {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stderrTail: string[];

  constructor(message: string, details: { exitCode: number | null; signal: string | null; stderrTail: string[] }) {
    // A crash may be an OOM or a transient kill, so another attempt is worth it.
    super('TrainerCrashedError', message, false);
    this.exitCode = details.exitCode;
    this.signal = details.signal;
    this.stderrTail = details.stderrTail;
  }
}

/** Rejects TrainerPool.run when training threw inside the child; keeps the original name and message. */
export class TrainingError extends TrainerError {
  /** `name` of the error thrown in the child, e.g. 'InvalidTrainRequestError'. */
  readonly causeName: string;
  /** Stack trace from the child process, for logs. */
  readonly childStack: string | undefined;

  constructor(message: string, details: { causeName: string; nonRetryable: boolean; childStack?: string }) {
    super('TrainingError', message, details.nonRetryable);
    this.causeName = details.causeName;
    this.childStack = details.childStack;
  }
}

/** Rejects TrainerPool.run when the pool was closed before or while the trial ran. */
export class TrainerPoolClosedError extends TrainerError {
  constructor(message: string) {
    super('TrainerPoolClosedError', message, false);
  }
}
