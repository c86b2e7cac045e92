// The trainer's own audit trail of a trial: one record when an epoch starts training and one
// when its checkpoint is saved, appended to the trial's 'epochs' log in the artifact store
// (<search>/<trial>/epochs.jsonl in a folder store). The activity's 'attempts' log says that a
// training was retried; this one says which epochs each try really trained, so a drill
// (bench/fault-drill) can prove that no finished epoch was trained twice and that every
// interrupted training went on from its newest checkpoint.
import { openArtifactStore } from '../store';

export interface EpochRecord {
  /**
   * 'fallback': the call's resumeFrom, or a morphism child's parent checkpoint, was unreadable;
   * `epoch` is where it went on from instead (0: fresh weights).
   */
  event: 'start' | 'saved' | 'fallback';
  epoch: number;
  /** One train() call (one try of one job): trainer pid and a per-process counter. */
  call: string;
  /** Epoch the call started from (its checkpoint; 0 for none) and the epoch it trains to. */
  from: number;
  target: number;
  pid: number;
  at: string;
  /** 'fallback' only: what was unreadable and why. */
  reason?: string;
}

export const EPOCH_LOG = 'epochs';

let calls = 0;

/** A writer for one train() call; records go out in order, each awaited by its caller. */
export function epochLogger(artifactRoot: string, ids: { searchId: string; trialId: string }, from: number, target: number) {
  const call = `${process.pid}-${++calls}`;
  const store = openArtifactStore(artifactRoot);
  return (event: EpochRecord['event'], epoch: number, reason?: string): Promise<void> => {
    const record: EpochRecord = { event, epoch, call, from, target, pid: process.pid, at: new Date().toISOString(), ...(reason !== undefined ? { reason } : {}) };
    return store.appendRecord(ids.searchId, ids.trialId, EPOCH_LOG, record);
  };
}
