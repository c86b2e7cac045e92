// The morphism steps of a search as one projection of its trial records, shared by the
// status query, the result and the clients: parent, operator, child, where the child started
// (its epoch-0 validation after inheriting) and how far it got in how many epochs.
import type { TrialRecord } from './types';

export interface MorphismStep {
  parentId: string;
  operator: string;
  site: string;
  exact: boolean;
  childId: string;
  /**
   * Whether the child started from the parent's weights (false: the parent had no checkpoint,
   * or it did not read back; then `parentUnreadable` says why).
   */
  inherited: boolean;
  parentUnreadable?: string;
  /** The parent's validation accuracy where the child inherited from it. */
  parentValAccuracy?: number;
  /** The child's validation accuracy at epoch 0, right after inheriting. */
  startValAccuracy?: number;
  /** Epochs the child trained after inheriting, and its validation accuracy after them. */
  epochsAfterInheriting: number;
  valAccuracy?: number;
}

export function morphismSteps(trials: readonly TrialRecord[]): MorphismStep[] {
  const byId = new Map(trials.map((t) => [t.trialId, t]));
  const steps: MorphismStep[] = [];
  for (const t of trials) {
    if (t.morphism === undefined || t.parentId === undefined) continue;
    const m = t.morphism;
    const parentEpoch = m.parentCheckpoint?.epoch;
    const parentMetrics = byId.get(t.parentId)?.history.find((e) => e.epoch === parentEpoch);
    steps.push({
      parentId: t.parentId,
      operator: m.operator,
      site: m.site,
      exact: m.exact,
      childId: t.trialId,
      inherited: m.parentCheckpoint !== undefined && m.parentUnreadable === undefined,
      ...(m.parentUnreadable !== undefined ? { parentUnreadable: m.parentUnreadable } : {}),
      ...(parentMetrics ? { parentValAccuracy: parentMetrics.valAccuracy } : {}),
      ...(m.inherited ? { startValAccuracy: m.inherited.valAccuracy } : {}),
      epochsAfterInheriting: t.epochs,
      ...(t.metrics ? { valAccuracy: t.metrics.valAccuracy } : {}),
    });
  }
  return steps;
}
