// A page of the trials a running search still holds (the rest are in the trial store), for the
// status and result queries: the answer stays small whatever the brackets hold, and a client
// that wants every trial reads the store (client/search-client.ts searchResult).
import type { ResultTrial } from './types';

/** What a query asks for: trials `offset`.. `offset + limit - 1` in trial order. */
export interface TrialPageRequest {
  offset?: number;
  limit?: number;
}

/** The page as answered, with the number of trials it was cut from. */
export interface TrialPage {
  offset: number;
  limit: number;
  /** Trials the workflow holds now (not yet in the trial store). */
  total: number;
  trials: ResultTrial[];
}

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 500;

/** Why `page` is not a usable page request, naming the field; undefined when it is. */
export function trialPageProblem(page: unknown): string | undefined {
  if (page === undefined || page === null) return undefined;
  if (typeof page !== 'object' || Array.isArray(page)) return `page: expected an object { offset?, limit? }, got ${JSON.stringify(page)}`;
  const { offset, limit, ...rest } = page as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) return `page.${unknown[0]}: unknown key; a page has offset and limit`;
  if (offset !== undefined && !(typeof offset === 'number' && Number.isInteger(offset) && offset >= 0)) {
    return `page.offset: expected a whole number >= 0, got ${JSON.stringify(offset)}`;
  }
  if (limit !== undefined && !(typeof limit === 'number' && Number.isInteger(limit) && limit >= 1 && limit <= MAX_PAGE_LIMIT)) {
    return `page.limit: expected a whole number from 1 to ${MAX_PAGE_LIMIT}, got ${JSON.stringify(limit)}`;
  }
  return undefined;
}

/** The requested page of `trials` (in trial order); throws the problem of a bad request. */
export function pageOf(trials: readonly ResultTrial[], page: TrialPageRequest): TrialPage {
  const problem = trialPageProblem(page);
  if (problem !== undefined) throw new Error(problem);
  const offset = page.offset ?? 0;
  const limit = page.limit ?? DEFAULT_PAGE_LIMIT;
  return { offset, limit, total: trials.length, trials: trials.slice(offset, offset + limit) };
}
