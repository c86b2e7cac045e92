// The artifact store: where checkpoints (and the small per-trial logs that go with them) live,
// behind one interface so training workers need share nothing but the store. Implementations:
// a local directory (store/local.ts) and an S3-compatible object store (store/s3.ts); both
// pass the contract suite in test/store/contract.ts.
//
// Contract, for every implementation:
// - A checkpoint is a set of named files under a uri `<searchId>/<trialId>/epoch-NNNN`
//   (store/keys.ts). It is written once and appears complete or not at all: a reader never
//   sees some of its files, or files of two different writes. A second put of a uri that
//   already holds a complete checkpoint keeps the first one.
// - Every file's SHA-256 is recorded when it is written and checked when it is read; a
//   mismatch or a missing file is an ArtifactCorruptError, never silently returned data.
// - A trial log's records read back in order; a record torn by an interrupted append is
//   skipped (and reported), never glued to the next one (store/record-lines.ts).
// - listCheckpoints sees exactly the complete checkpoints; deleting one makes it invisible
//   at once (before its files are removed).

import type { SkippedRecord } from './record-lines';

/** File name -> contents, as written and as read back. */
export type ArtifactFiles = Readonly<Record<string, Uint8Array | string>>;

export interface ArtifactStore {
  /** Where it stores, for logs and messages: a folder or an s3:// URL. */
  readonly location: string;
  /** Writes a checkpoint once (see the contract above); resolves when it is durable. */
  putCheckpoint(uri: string, files: ArtifactFiles): Promise<void>;
  /** The checkpoint's files, each verified against its recorded checksum. */
  getCheckpoint(uri: string): Promise<Record<string, Buffer>>;
  /** Epochs of the trial's complete checkpoints, ascending. */
  listCheckpoints(searchId: string, trialId: string): Promise<number[]>;
  /** Trials of a search that have anything stored (checkpoints or logs), sorted. */
  listTrials(searchId: string): Promise<string[]>;
  /** Removes a checkpoint; no error if it does not exist. */
  deleteCheckpoint(uri: string): Promise<void>;
  /** Appends one JSON record to a trial's log (e.g. 'attempts'); records are never rewritten. */
  appendRecord(searchId: string, trialId: string, log: string, record: object): Promise<void>;
  /**
   * A trial's log in the order it was written ([] if none). Records torn by a writer killed
   * mid-append are skipped and passed to `onSkipped`; other damage is an ArtifactCorruptError
   * naming the log and the line.
   */
  readRecords(searchId: string, trialId: string, log: string, onSkipped?: (skipped: SkippedRecord) => void): Promise<unknown[]>;
}
