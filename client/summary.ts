// The few lines that sum up a finished search (nas result, and the end of nas search / nas watch).
import type { SearchResult } from '../domain/search/types';
import { formatFront } from './front';
import { tallySteps } from './training-steps';

export function printSummary(result: SearchResult, log: (line: string) => void): void {
  const trained = result.trials.filter((t) => t.epochs > 0).length;
  const seconds = ((result.finishedAt - result.startedAt) / 1000).toFixed(0);
  log(`search ${result.searchId} ${result.status} after ${seconds}s: ${trained} trials trained on ${result.backend?.name ?? 'unknown backend'}${steps(result.trials)}`);
  if (result.best) {
    const b = result.best;
    log(`best ${b.trialId}: val accuracy ${(b.metrics.valAccuracy * 100).toFixed(2)}% after ${b.epochs} epochs, ${b.params ?? '?'} params`);
    log(`  ${b.description}`);
  }
  if (result.front) for (const line of formatFront(result.front)) log(line);
  log(`full result: nas result ${result.searchId} --json`);
}

/**
 * " (graph step)" when every trained trial says it took one path, " (graph step: 5, eager
 * step: 1)" when they differ (`nas result --json` says why per trial), "" when none says.
 */
function steps(trials: SearchResult['trials']): string {
  const { counts } = tallySteps(trials);
  if (counts.size === 0) return '';
  if (counts.size === 1) return ` (${[...counts.keys()][0]} step)`;
  return ` (${[...counts].map(([step, n]) => `${step} step: ${n}`).join(', ')})`;
}
