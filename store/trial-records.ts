// The trial store: every trial's full record (architecture, per-epoch history, segments, ...)
// as one JSON line in its trial's `trial` log in the artifact store, next to its checkpoints.
// The search writes a record when the trial settles (activities/trial-store.ts) and may write
// it again (after a continueAsNew, or a retry): the last line is the record. Readers (nas
// result, status, report, export, gc) get all of a search's trials back with readTrialRecords.
import type { TrialRecord } from '../domain/search/types';
import type { ArtifactStore } from './artifact-store';
import type { SkippedRecord } from './record-lines';

export const TRIAL_LOG = 'trial';

/** Writes at most this many records at once (S3: one request each). */
const PARALLEL_WRITES = 16;

export async function writeTrialRecords(store: ArtifactStore, searchId: string, records: readonly TrialRecord[]): Promise<void> {
  for (let i = 0; i < records.length; i += PARALLEL_WRITES) {
    await Promise.all(records.slice(i, i + PARALLEL_WRITES).map((r) => store.appendRecord(searchId, r.trialId, TRIAL_LOG, r)));
  }
}

/**
 * Every stored trial record of a search (the newest complete line of each trial's log), in no
 * particular order. A trial whose newest line was torn by an interrupted write is read from the
 * line before it, or left out if it has none; `onNote` hears about each such trial.
 */
export async function readTrialRecords(store: ArtifactStore, searchId: string, onNote?: (note: string) => void): Promise<TrialRecord[]> {
  const trials = await store.listTrials(searchId);
  const out: TrialRecord[] = [];
  for (let i = 0; i < trials.length; i += PARALLEL_WRITES) {
    const batch = await Promise.all(
      trials.slice(i, i + PARALLEL_WRITES).map(async (id) => {
        let torn: SkippedRecord | undefined;
        const lines = await store.readRecords(searchId, id, TRIAL_LOG, (skipped) => {
          // A torn line followed by complete ones cost nothing: a later write repeated it.
          if (skipped.last) torn = skipped;
        });
        return { id, lines, torn };
      }),
    );
    for (const { id, lines, torn } of batch) {
      const last = lines[lines.length - 1] as TrialRecord | undefined;
      if (torn !== undefined) {
        const instead = last === undefined ? 'it has no complete record and is left out' : `its record before that (line ${torn.line - 1} or earlier) is used`;
        onNote?.(`trial ${id}: the newest record in ${torn.where} (line ${torn.line}) is torn, cut off by an interrupted write; ${instead}`);
      }
      // Folders without a record: a retraining's checkpoints, or a trial whose record is not written yet.
      if (last !== undefined) out.push(last);
    }
  }
  return out;
}
