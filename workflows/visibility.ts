// Keeps the search's search attributes (contracts/search-attributes.ts) in step with its
// progress, so Temporal's visibility can filter searches by status, best accuracy and trials
// done. Upserting is a workflow command: searches started before this code existed must replay
// without it, hence the patch marker.
import { patched, upsertSearchAttributes } from '@temporalio/workflow';
import type { SearchAttributePair } from '@temporalio/common';
import type { SearchProgress } from '../domain/search/types';
import type { SearchConfig } from '../domain/config/search-config';
import { SEARCH_ATTRIBUTES } from '../contracts/search-attributes';

export const VISIBILITY_PATCH = 'nas-search-attributes';

/** The attributes' values for a search in the given state (pure; the client uses it at start too). */
export function searchAttributePairs(config: SearchConfig, progress?: Pick<SearchProgress, 'status' | 'trialsDone' | 'best'>): SearchAttributePair[] {
  const pairs: SearchAttributePair[] = [
    { key: SEARCH_ATTRIBUTES.strategy, value: config.strategy.type },
    { key: SEARCH_ATTRIBUTES.space, value: config.space.type },
    { key: SEARCH_ATTRIBUTES.dataset, value: config.dataset.name },
    { key: SEARCH_ATTRIBUTES.trialsTotal, value: config.budget.trials },
    { key: SEARCH_ATTRIBUTES.status, value: progress?.status ?? 'running' },
    { key: SEARCH_ATTRIBUTES.trialsDone, value: progress?.trialsDone ?? 0 },
  ];
  if (progress?.best) pairs.push({ key: SEARCH_ATTRIBUTES.bestAccuracy, value: progress.best.valAccuracy });
  return pairs;
}

/** Upserts only when a value changed, so history gains one event per change, not per loop. */
export class VisibilityPublisher {
  private last = '';

  publish(config: SearchConfig, progress: SearchProgress): void {
    if (!patched(VISIBILITY_PATCH)) return;
    const pairs = searchAttributePairs(config, progress);
    const signature = JSON.stringify(pairs.map((p) => [p.key.name, p.value]));
    if (signature === this.last) return;
    this.last = signature;
    upsertSearchAttributes(pairs);
  }
}
