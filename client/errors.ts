// Errors the `nas` command line reports as one clear line (never a stack trace), each mapped to
// its own exit code in exit-codes.ts.

/** Thrown for a bad command line or input: nothing was started or changed. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Thrown when no search (or trial, or checkpoint) has the id the user gave. */
export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** Thrown when the Temporal server cannot be reached. */
export class UnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnavailableError';
  }
}
