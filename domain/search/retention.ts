// Which checkpoints `nas gc <id> --keep N` keeps: the checkpoint each of the N best trials ends
// with (ranked by the leaderboard, the same ranking `nas result` shows); every other stored
// checkpoint of the search goes. Pure: the caller lists the store and deletes.
import type { CheckpointRef } from '../../contracts/training';
import { leaderboardOf } from './leaderboard';
import type { SearchResult } from './types';

export interface RetentionPlan {
  /** Trials whose final checkpoint is kept, best first. */
  keptTrials: string[];
  keep: string[];
  remove: string[];
}

/** `stored`: every checkpoint uri the store holds for the search. */
export function retentionPlan(result: Pick<SearchResult, 'trials'>, keepTop: number, stored: readonly string[]): RetentionPlan {
  if (!Number.isInteger(keepTop) || keepTop < 0) throw new RangeError(`keep must be a whole number >= 0, got ${keepTop}`);
  const byId = new Map(result.trials.map((t) => [t.trialId, t]));
  const keptTrials = leaderboardOf(result.trials)
    .map((e) => e.trialId)
    .filter((id) => byId.get(id)?.checkpoint !== undefined)
    .slice(0, keepTop);
  const keepUris = new Set(keptTrials.map((id) => (byId.get(id)!.checkpoint as CheckpointRef).uri));
  return {
    keptTrials,
    keep: stored.filter((uri) => keepUris.has(uri)),
    remove: stored.filter((uri) => !keepUris.has(uri)),
  };
}
