// Names and shapes of the search workflow's interface, shared by the workflow and its clients.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { SearchProgress, SearchResult, SearchState } from '../domain/search/types';

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
/** Live progress: counts, running trainings, rungs, leaderboard. */
export const statusQuery = defineQuery<SearchProgress>('status');
/** The result as it stands now (status "running" until the search ends). */
export const resultQuery = defineQuery<SearchResult>('result');

export interface SearchWorkflowInput {
  /** Raw config; validated (and defaulted) by the workflow too, so bad input fails loudly. */
  config: unknown;
  /** Carried over by continueAsNew; absent on a fresh start. */
  state?: SearchState;
  /** Start a new run once history has this many events (Temporal's own suggestion also counts). */
  historyEventLimit?: number;
}
