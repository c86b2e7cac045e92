// The drill's verdict, from what the search returned and what the trainers logged: pure
// functions of their inputs, so they are tested on their own (test/bench/fault-drill-checks).
import type { EpochRecord } from '../../trainer/epoch-log';

/** What the checks need of a result trial (`nas result --json`). */
export interface TrialView {
  trialId: string;
  status: string;
  epochs: number;
}

/** Statuses a finished search may leave a trial in; 'failed' is final too, but counts as lost. */
const FINAL = new Set(['completed', 'pruned', 'stopped', 'duplicate', 'failed']);

export interface LogVerdict {
  /** Epoch trainings started, in all. */
  epochStarts: number;
  /** Starts of an epoch whose checkpoint had been saved before: finished training run twice. */
  retrained: { trialId: string; epoch: number }[];
  /** Trainings (train() calls) that ended before saving their target epoch. */
  interrupted: number;
  /** Of the calls that followed an interrupted one: those that went on from the newest checkpoint. */
  resumed: number;
  /** ...and those that did not (started from an older one, or from scratch). */
  notResumed: { trialId: string; from: number; newest: number }[];
  /** Trials whose logged newest checkpoint is not the epoch count the result reports. */
  epochMismatch: { trialId: string; logged: number; reported: number }[];
}

/**
 * Reads one trial's epoch log in the order it was written. A start of an epoch at or below the
 * newest saved one trained finished work again. A call that follows an interrupted call (one
 * that never saved its target) must start from the newest saved epoch. A trainer killed
 * between publishing a checkpoint and logging it leaves that save unlogged; the next call then
 * starts one above the newest logged save, which is accepted (the store listed it; logging is
 * not atomic with publishing).
 */
export function checkEpochLog(trialId: string, records: readonly EpochRecord[], verdict: LogVerdict): number {
  let newest = 0;
  const saved = new Map<string, number>();
  const targets = new Map<string, number>();
  let previousCall: string | undefined;
  for (const r of records) {
    targets.set(r.call, r.target);
    if (r.event === 'saved') {
      newest = Math.max(newest, r.epoch);
      saved.set(r.call, Math.max(saved.get(r.call) ?? 0, r.epoch));
      continue;
    }
    // A fallback record only explains the call's 'from'; its starts follow.
    if (r.event !== 'start') continue;
    verdict.epochStarts += 1;
    if (r.epoch <= newest) verdict.retrained.push({ trialId, epoch: r.epoch });
    if (r.call !== previousCall && r.epoch === r.from + 1) {
      const before = previousCall;
      previousCall = r.call;
      if (before !== undefined && (saved.get(before) ?? 0) < (targets.get(before) ?? 0)) {
        if (r.from === newest || r.from === newest + 1) verdict.resumed += 1;
        else verdict.notResumed.push({ trialId, from: r.from, newest });
      }
    }
  }
  for (const [call, target] of targets) if ((saved.get(call) ?? 0) < target) verdict.interrupted += 1;
  return newest;
}

export interface DrillVerdict extends LogVerdict {
  trials: number;
  byStatus: Record<string, number>;
  duplicateIds: string[];
  notFinal: string[];
  /** Trials that ended failed: in a drill, work the faults lost. */
  lost: string[];
}

export function checkSearch(trials: readonly TrialView[], logs: ReadonlyMap<string, readonly EpochRecord[]>): DrillVerdict {
  const verdict: DrillVerdict = {
    trials: trials.length, byStatus: {}, duplicateIds: [], notFinal: [], lost: [],
    epochStarts: 0, retrained: [], interrupted: 0, resumed: 0, notResumed: [], epochMismatch: [],
  };
  const seen = new Set<string>();
  for (const t of trials) {
    if (seen.has(t.trialId)) verdict.duplicateIds.push(t.trialId);
    seen.add(t.trialId);
    verdict.byStatus[t.status] = (verdict.byStatus[t.status] ?? 0) + 1;
    if (!FINAL.has(t.status)) verdict.notFinal.push(t.trialId);
    if (t.status === 'failed') verdict.lost.push(t.trialId);
    const records = logs.get(t.trialId) ?? [];
    const newest = checkEpochLog(t.trialId, records, verdict);
    if (t.status !== 'duplicate' && t.status !== 'failed' && newest !== t.epochs) {
      verdict.epochMismatch.push({ trialId: t.trialId, logged: newest, reported: t.epochs });
    }
  }
  return verdict;
}

/** True when nothing was lost, nothing was trained twice and every interruption resumed. */
export function passed(v: DrillVerdict): boolean {
  return (
    v.duplicateIds.length === 0 && v.notFinal.length === 0 && v.lost.length === 0 &&
    v.retrained.length === 0 && v.notResumed.length === 0 && v.epochMismatch.length === 0
  );
}
