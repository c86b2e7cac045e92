// Errors of the artifact store. Each is non-retryable where retrying cannot help: a missing
// or corrupt checkpoint stays so.

/** Base class: anything the artifact store refuses or cannot do. */
export class ArtifactError extends Error {
  override name = 'ArtifactError';
}

/** A key (search id, trial id, checkpoint uri, log name) that cannot name an artifact. */
export class ArtifactKeyError extends ArtifactError {
  override name = 'ArtifactKeyError';
  readonly nonRetryable = true;
}

/** The checkpoint asked for is not in the store (or not complete there). */
export class ArtifactNotFoundError extends ArtifactError {
  override name = 'ArtifactNotFoundError';
  readonly nonRetryable = true;
}

/** Stored bytes do not match their recorded checksum or size, or a recorded file is missing. */
export class ArtifactCorruptError extends ArtifactError {
  override name = 'ArtifactCorruptError';
  readonly nonRetryable = true;
}

/** NAS_ARTIFACTS names a store that cannot be used (unknown scheme, no bucket, ...). */
export class ArtifactLocationError extends ArtifactError {
  override name = 'ArtifactLocationError';
  readonly nonRetryable = true;
}

/**
 * The S3 store refuses this worker's settings: its credentials (unknown key, wrong secret, no
 * permission) or its bucket (none of that name). Configuration, not an outage: retrying cannot
 * fix it, so the trial fails at once with a message naming the setting to fix.
 */
export class ArtifactAccessError extends ArtifactError {
  override name = 'ArtifactAccessError';
  readonly nonRetryable = true;
}
