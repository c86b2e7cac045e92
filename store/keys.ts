// Naming inside a store. Ids become path segments (local) or key segments (S3), so they are
// checked here, before any path or key is built: an id with a separator or '..' could
// otherwise write (or delete!) outside the store.
import { ArtifactKeyError } from './errors';

const EPOCH_SEGMENT = /^epoch-(\d{4,})$/;
/** Names of files and logs inside a checkpoint or trial: plain, visible file names. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Rejects ids that are not a single, visible path segment. */
export function checkSegment(value: string, field: string): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > 200) {
    throw new ArtifactKeyError(`${field} must be a non-empty string of at most 200 characters`);
  }
  // A leading dot is refused too: '.tmp-*' and '.old-*' are the local store's own.
  if (/[/\\\0]/.test(value) || value.startsWith('.')) {
    throw new ArtifactKeyError(`${field} '${value}' cannot be used as a folder name (no '/', '\\', NUL or leading '.')`);
  }
}

export function checkFileName(value: string, field: string): void {
  if (!FILE_NAME.test(value)) throw new ArtifactKeyError(`${field} '${value}' is not a plain file name (letters, digits, '.', '_', '-')`);
}

export function epochSegment(epoch: number): string {
  return `epoch-${String(epoch).padStart(4, '0')}`;
}

/** The checkpoint uri of a trial's epoch: `<searchId>/<trialId>/epoch-NNNN`, '/'-separated on every OS. */
export function checkpointUri(searchId: string, trialId: string, epoch: number): string {
  checkSegment(searchId, 'searchId');
  checkSegment(trialId, 'trialId');
  if (!Number.isInteger(epoch) || epoch < 0) throw new ArtifactKeyError(`epoch must be a non-negative integer, got ${epoch}`);
  return [searchId, trialId, epochSegment(epoch)].join('/');
}

export interface CheckpointKey {
  searchId: string;
  trialId: string;
  epoch: number;
}

/** Splits a checkpoint uri, refusing anything that is not exactly `<searchId>/<trialId>/epoch-NNNN`. */
export function parseCheckpointUri(uri: string): CheckpointKey {
  const parts = typeof uri === 'string' ? uri.split('/') : [];
  const epoch = parts.length === 3 ? EPOCH_SEGMENT.exec(parts[2]) : null;
  const valid = epoch !== null && parts.slice(0, 2).every((p) => p.length > 0 && p.length <= 200 && !p.startsWith('.') && !/[\\\0]/.test(p));
  if (!valid) {
    throw new ArtifactKeyError(`checkpoint uri '${String(uri)}' is not an epoch folder under the artifact root (expected <searchId>/<trialId>/epoch-NNNN)`);
  }
  return { searchId: parts[0], trialId: parts[1], epoch: Number(epoch[1]) };
}

/** The epoch of a checkpoint folder or key segment, or undefined for anything else. */
export function epochOfSegment(segment: string): number | undefined {
  const match = EPOCH_SEGMENT.exec(segment);
  return match ? Number(match[1]) : undefined;
}
