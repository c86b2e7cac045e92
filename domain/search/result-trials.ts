// Trial records as the result reports them: one pure projection shared by the engine (trials it
// still holds) and the clients (trials read back from the trial store), so both read the same.
import { morphismSteps } from './morphism-steps';
import { trialNumber } from './archive';
import type { ResultTrial, SearchStatus, TrialRecord } from './types';

/** `final`: the search's status; trials a stop left waiting show as stopped. */
export function resultTrials(records: readonly TrialRecord[], final: SearchStatus): ResultTrial[] {
  const steps = morphismSteps(records);
  return resolveDuplicates(
    records.map((t) => ({
      trialId: t.trialId,
      // Trials the stop left waiting never ran to the end of their bracket.
      status: final === 'stopped' && (t.status === 'pending' || t.status === 'waiting') ? 'stopped' : t.status,
      hash: t.hash,
      parentId: t.parentId,
      duplicateOf: t.duplicateOf,
      ...(t.morphism ? { morphism: steps.find((m) => m.childId === t.trialId) } : {}),
      rung: t.rung,
      epochs: t.epochs,
      metrics: t.metrics,
      params: t.params,
      flops: t.flops,
      description: t.description,
      architecture: t.architecture,
      wallTimeMs: t.wallTimeMs,
      checkpoint: t.checkpoint,
      history: t.history,
      backend: t.backend,
      ...(t.trainingPath !== undefined ? { trainingPath: t.trainingPath } : {}),
      segments: t.segments,
      error: t.error,
      ...(t.earlyStop ? { earlyStop: t.earlyStop } : {}),
      ...(t.errorType !== undefined ? { errorType: t.errorType } : {}),
    })),
  );
}

/** A duplicate shows the outcome of the trial that evaluated its network (when that one is in the list). */
export function resolveDuplicates(trials: ResultTrial[]): ResultTrial[] {
  const byId = new Map(trials.map((t) => [t.trialId, t]));
  return trials.map((t) => {
    const source = t.duplicateOf !== undefined ? byId.get(t.duplicateOf) : undefined;
    if (source === undefined) return t;
    return { ...t, rung: source.rung, epochs: source.epochs, metrics: source.metrics, params: source.params, flops: source.flops };
  });
}

/** Trials in trial order (t9999 before t10000). */
export function inTrialOrder<T extends { trialId: string }>(trials: readonly T[]): T[] {
  return [...trials].sort((a, b) => trialNumber(a.trialId) - trialNumber(b.trialId));
}
