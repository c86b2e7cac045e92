// What the search keeps of the trials it has moved to the trial store (their full records, with
// per-epoch histories, live there: activities/trial-store.ts). Pure and JSON-serialisable: it
// travels in the workflow state and through continueAsNew, so it holds only what decisions and
// the live summary need, and grows by a few bytes per trial, never by a trial's history.
import { leaderboardOf } from './leaderboard';
import { frontOf } from './front';
import type { Objective } from '../strategies/objectives';
import type { CheckpointRef } from '../../contracts/training';
import type { MorphismStep } from './morphism-steps';
import type { TrialRecord, TrialStatus } from './types';

/** Archived trials kept whole (without histories) for the leaderboard and the best trial. */
export const ARCHIVE_TOP = 10;
/** Morphism steps of archived children kept for the status query. */
export const ARCHIVE_MORPHISM_STEPS = 20;

/**
 * An archived network, by canonical hash, so later proposals of it are still duplicates:
 * [trialId, validation accuracy (null: none), epochs, its checkpoint (epoch under the common
 * checkpoint root, or the whole ref when it lies elsewhere; null: none)].
 */
export type ArchivedNetwork = [string, number | null, number, number | CheckpointRef | null];

export interface TrialArchive {
  /** Where the records are (the artifact store's location, a folder or s3:// URL). */
  location?: string;
  /** Trials archived, in total and by status. */
  count: number;
  byStatus: Partial<Record<TrialStatus, number>>;
  /** Archived trials that trained at least once or failed (progress.trialsStarted). */
  started: number;
  /** Archived trials with metrics (a search with any never ends as failed). */
  succeeded: number;
  /** The lowest-numbered archived failure, for the failure reason. */
  firstFailure?: { trialId: string; error?: string };
  networks: Record<string, ArchivedNetwork>;
  /** `<root>` of checkpoint uris `<root>/<trialId>/epoch-NNNN` (the search's folder in the store). */
  checkpointRoot?: string;
  top: TrialRecord[];
  /** Archived completed trials on the Pareto front of the archived ones (multi-objective strategies). */
  front: TrialRecord[];
  morphisms: MorphismStep[];
  backend?: TrialRecord['backend'];
}

export function emptyArchive(): TrialArchive {
  return { count: 0, byStatus: {}, started: 0, succeeded: 0, networks: {}, top: [], front: [], morphisms: [] };
}

/** A record as the archive keeps it among the top or front: everything but the long lists. */
function slim(t: TrialRecord): TrialRecord {
  const { history: _h, segments: _s, ...rest } = t;
  return { ...rest, history: [], segments: [] };
}

/** The number in a trial id (t0042 -> 42), for trial order past t9999. */
export function trialNumber(trialId: string): number {
  return Number(trialId.replace(/^\D+/, ''));
}

function epochSegment(epoch: number): string {
  return `epoch-${String(epoch).padStart(4, '0')}`;
}

function packCheckpoint(a: TrialArchive, t: TrialRecord): number | CheckpointRef | null {
  const ref = t.checkpoint;
  if (ref === undefined) return null;
  const suffix = `/${t.trialId}/${epochSegment(ref.epoch)}`;
  if (!ref.uri.endsWith(suffix)) return ref;
  const root = ref.uri.slice(0, -suffix.length);
  a.checkpointRoot ??= root;
  return a.checkpointRoot === root ? ref.epoch : ref;
}

/** The checkpoint of an archived network. */
export function archivedCheckpoint(a: TrialArchive, entry: ArchivedNetwork): CheckpointRef | undefined {
  const ck = entry[3];
  if (ck === null) return undefined;
  if (typeof ck !== 'number') return ck;
  return { uri: `${a.checkpointRoot}/${entry[0]}/${epochSegment(ck)}`, epoch: ck };
}

/**
 * Adds records (already written to the store) to the archive. `steps`: the morphism steps of
 * these records as computed while they were live; `objectives`: the strategy's, if several.
 */
export function archiveRecords(a: TrialArchive, records: readonly TrialRecord[], steps: readonly MorphismStep[], objectives?: readonly Objective[]): void {
  for (const t of records) {
    a.count++;
    a.byStatus[t.status] = (a.byStatus[t.status] ?? 0) + 1;
    if (t.epochs > 0 || t.status === 'failed') a.started++;
    if (t.metrics !== undefined && t.status !== 'duplicate') a.succeeded++;
    if (t.status === 'failed' && (a.firstFailure === undefined || trialNumber(t.trialId) < trialNumber(a.firstFailure.trialId))) {
      a.firstFailure = { trialId: t.trialId, ...(t.error !== undefined ? { error: t.error } : {}) };
    }
    if (t.status !== 'duplicate' && t.hash !== undefined) {
      a.networks[t.hash] = [t.trialId, t.status === 'failed' ? null : (t.metrics?.valAccuracy ?? null), t.epochs, packCheckpoint(a, t)];
    }
    if (t.backend !== undefined) a.backend = t.backend;
  }
  const byId = new Map([...a.top, ...records].map((t) => [t.trialId, t]));
  a.top = leaderboardOf([...byId.values()])
    .slice(0, ARCHIVE_TOP)
    .map((e) => slim(byId.get(e.trialId) as TrialRecord));
  if (objectives !== undefined) {
    const candidates = new Map([...a.front, ...records.filter((t) => t.status === 'completed')].map((t) => [t.trialId, t]));
    a.front = frontOf([...candidates.values()], objectives).members.map((m) => slim(candidates.get(m.trialId) as TrialRecord));
  }
  a.morphisms = [...a.morphisms, ...steps].sort((x, y) => trialNumber(x.childId) - trialNumber(y.childId)).slice(-ARCHIVE_MORPHISM_STEPS);
}
