// Checks for the user's control of a running search (nas budget, nas retry). They run as
// update validators in the workflow, so a refused request is answered with the reason and
// leaves no trace in the search's history.

export interface BudgetContext {
  current: number;
  /** New architectures proposed so far (the budget cannot go below them). */
  proposed: number;
  done: boolean;
  stopping: boolean;
}

/** Largest budget.trials a config may give (domain/config/validate.ts). */
const MAX_TRIALS = 1_000_000;

export function budgetProblem(trials: unknown, c: BudgetContext): string | undefined {
  if (typeof trials !== 'number' || !Number.isSafeInteger(trials) || trials < 1 || trials > MAX_TRIALS) {
    return `budget.trials: must be a whole number from 1 to ${MAX_TRIALS}, got ${JSON.stringify(trials)}`;
  }
  if (c.done) return 'budget.trials: the search has finished; start a new one';
  if (c.stopping) return 'budget.trials: the search is stopping';
  if (trials <= c.current) return `budget.trials: can only be raised, it is ${c.current} (got ${trials})`;
  if (trials < c.proposed) return `budget.trials: ${c.proposed} trials were proposed already (got ${trials})`;
  return undefined;
}

export interface RetryContext {
  done: boolean;
  stopping: boolean;
  /** Already queued for a retry. */
  queued: boolean;
}

export function retryProblem(trialId: unknown, status: string | undefined, c: RetryContext): string | undefined {
  if (typeof trialId !== 'string' || trialId.length === 0) return `trial: must be a trial id such as t0003, got ${JSON.stringify(trialId)}`;
  if (status === undefined) return `trial: no trial ${trialId} in this search (nas result lists them)`;
  if (c.done) return 'trial: the search has finished; start a new one';
  if (c.stopping) return 'trial: the search is stopping';
  if (c.queued) return `trial: ${trialId} is already queued for a retry`;
  if (status !== 'failed') return `trial: ${trialId} is ${status}; only a failed trial can be retried`;
  return undefined;
}
