// Names and shapes of the search workflow's interface, shared by the workflow and its clients.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { SearchProgress, SearchResult, SearchState } from '../domain/search/types';
import type { TrialPageRequest } from '../domain/search/trial-page';

export const SEARCH_WORKFLOW_TYPE = 'nasSearch';
export const SEARCH_TASK_QUEUE = 'nas-search';

/** Finish the trainings in flight, start no new ones, and return the best so far. */
export const stopSignal = defineSignal<[{ reason?: string }?]>('stop');
/** Trainings in flight finish; nothing new starts until resumeSignal. */
export const pauseSignal = defineSignal('pause');
export const resumeSignal = defineSignal('resume');
/** Raises budget.trials of a running search; the validator refuses a lower or unusable budget. Returns the new budget. */
export const budgetUpdate = defineUpdate<number, [number]>('budget');
/** Trains a failed trial again at the rung where it failed; refused for any other trial. */
export const retryTrialUpdate = defineUpdate<string, [string]>('retryTrial');
/**
 * Live progress: counts, running trainings, rungs, leaderboard. With a page request, also that
 * page of the trials the workflow still holds (progress.page); the others are in the trial store.
 */
export const statusQuery = defineQuery<SearchProgress, [TrialPageRequest?]>('status');
/**
 * The result as it stands now (status "running" until the search ends). With a page request,
 * `trials` is that page of the trials the workflow still holds (result.page says which);
 * without, all of them. Either way the trial store has the rest (searchResult reads both).
 */
export const resultQuery = defineQuery<SearchResult, [TrialPageRequest?]>('result');

export interface SearchWorkflowInput {
  /** Raw config; validated (and defaulted) by the workflow too, so bad input fails loudly. */
  config: unknown;
  /** Carried over by continueAsNew; absent on a fresh start. */
  state?: SearchState;
  /** Start a new run once history has this many events (Temporal's own suggestion also counts). */
  historyEventLimit?: number;
}
