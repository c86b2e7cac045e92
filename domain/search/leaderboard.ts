import type { EpochMetrics } from '../../contracts/training';
import type { LeaderboardEntry } from './types';

interface RankableTrial {
  trialId: string;
  status: string;
  metrics?: EpochMetrics;
  epochs: number;
  rung: number;
  params?: number;
  description: string;
}

/**
 * Trials with metrics ranked by validation accuracy; more epochs win ties, then trial order.
 * Duplicates are left out: their network is ranked under the trial that trained it.
 */
export function leaderboardOf(trials: readonly RankableTrial[]): LeaderboardEntry[] {
  return trials
    .filter((t) => t.metrics !== undefined && t.status !== 'duplicate')
    .map((t) => ({
      trialId: t.trialId,
      valAccuracy: t.metrics!.valAccuracy,
      valLoss: t.metrics!.valLoss,
      epochs: t.epochs,
      rung: t.rung,
      params: t.params,
      description: t.description,
    }))
    .sort((a, b) => b.valAccuracy - a.valAccuracy || b.epochs - a.epochs || (a.trialId < b.trialId ? -1 : 1));
}
