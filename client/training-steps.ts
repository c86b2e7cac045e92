// Which training step (graph or eager) trained a search's trials, summed up for the result
// summary and the report. Trials whose records predate the field (or that ran no step: tabular
// searches) are counted apart, so an old search reads as "not recorded", never as a step.
import type { TrainingPath } from '../contracts/training';
import type { SearchResult } from '../domain/search/types';

export interface StepTally {
  /** Trained trials per step, in the order the steps first appear. */
  counts: Map<TrainingPath['step'], number>;
  /** Trained trials whose record says no step. */
  unrecorded: number;
}

/** Counts the trials that trained themselves (a duplicate shows its original's training). */
export function tallySteps(trials: SearchResult['trials']): StepTally {
  const counts = new Map<TrainingPath['step'], number>();
  let unrecorded = 0;
  for (const t of trials) {
    if (t.epochs === 0 || t.status === 'duplicate') continue;
    if (t.trainingPath === undefined) unrecorded++;
    else counts.set(t.trainingPath.step, (counts.get(t.trainingPath.step) ?? 0) + 1);
  }
  return { counts, unrecorded };
}

const trials = (n: number): string => `${n} trial${n === 1 ? '' : 's'}`;

/**
 * One line for a report: "graph step: all 27 trained trials", "graph step: 25 trials, eager
 * step: 2 trials", with "not recorded: N trials" for records from before the step was kept.
 */
export function describeSteps({ counts, unrecorded }: StepTally): string {
  const total = [...counts.values()].reduce((a, b) => a + b, 0) + unrecorded;
  if (total === 0) return 'no trial trained yet';
  if (counts.size === 0) return 'not recorded (trial records from before the step was kept)';
  if (counts.size === 1 && unrecorded === 0) return `${[...counts.keys()][0]} step: all ${trials(total)} trained`;
  const parts = [...counts].map(([step, n]) => `${step} step: ${trials(n)}`);
  if (unrecorded > 0) parts.push(`not recorded: ${trials(unrecorded)} (records from before the step was kept)`);
  return parts.join(', ');
}
