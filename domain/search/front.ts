// The Pareto front of a search's completed trials under the objectives its strategy declares:
// a pure projection of the trial records, like the leaderboard, shown by the result and status.
import type { TrialRecord } from './types';
import { type Objective, objectiveValues, paretoFront } from '../strategies/objectives';

export interface FrontMember {
  trialId: string;
  /** Each objective's value, by metric name. */
  values: Record<string, number>;
  description: string;
}

export interface ParetoFrontView {
  objectives: Objective[];
  /** Mutually non-dominated completed trials with distinct values, in trial order. */
  members: FrontMember[];
}

/**
 * Completed trials only: a pruned trial's accuracy was measured at a lower fidelity and would
 * not be a fair trade-off. Duplicates never complete, so each network counts once.
 */
export function frontOf(trials: readonly TrialRecord[], objectives: readonly Objective[]): ParetoFrontView {
  const measured = trials.flatMap((t) => {
    if (t.status !== 'completed') return [];
    const values = objectiveValues(t, objectives);
    return values === undefined ? [] : [{ t, values }];
  });
  return {
    objectives: objectives.map((o) => ({ ...o })),
    members: paretoFront(measured, (m) => m.values, objectives).map(({ t, values }) => ({
      trialId: t.trialId,
      values: Object.fromEntries(objectives.map((o, i) => [o.metric, values[i]])),
      description: t.description,
    })),
  };
}
