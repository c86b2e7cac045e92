// Naming of checkpoints on disk: <artifactRoot>/<searchId>/<trialId>/epoch-NNNN. The ids
// become path segments, so they are checked here: an id with a separator or '..' could
// otherwise write (or delete!) outside the artifact root.
import { InvalidTrainRequestError } from './errors';

/** Rejects ids that are not a single, visible path segment. */
export function checkPathSegment(value: string, field: string): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > 200) {
    throw new InvalidTrainRequestError(`${field} must be a non-empty string of at most 200 characters`);
  }
  // A leading dot is refused too: '.tmp-*' and '.old-*' are ours, inside trial folders.
  if (/[/\\\0]/.test(value) || value.startsWith('.')) {
    throw new InvalidTrainRequestError(`${field} '${value}' cannot be used as a folder name (no '/', '\\', NUL or leading '.')`);
  }
}

export function epochDirName(epoch: number): string {
  return `epoch-${String(epoch).padStart(4, '0')}`;
}

/** The CheckpointRef uri: relative to the artifact root, always with '/' separators (see store/keys.ts). */
export function checkpointUri(searchId: string, trialId: string, epoch: number): string {
  checkPathSegment(searchId, 'searchId');
  checkPathSegment(trialId, 'trialId');
  return [searchId, trialId, epochDirName(epoch)].join('/');
}
