// `nas list`: searches from Temporal's visibility store, each with the search's own status
// (a stopped search is COMPLETED to Temporal), its progress and its best accuracy, read from
// the search attributes the search keeps up to date (contracts/search-attributes.ts).
import { isGrpcServiceError, type Client, type WorkflowExecutionInfo } from '@temporalio/client';
import type { SearchResult, SearchStatus } from '../domain/search/types';
import { SEARCH_ATTRIBUTES } from '../contracts/search-attributes';
import { SEARCH_WORKFLOW_TYPE } from '../workflows/definitions';
import { UsageError } from './errors';
import { formatTable } from './table';

export interface SearchListRow {
  searchId: string;
  status: SearchStatus;
  /** Temporal's own name for the execution state (RUNNING, COMPLETED, ...). */
  workflowStatus: string;
  startedAt: string;
  strategy?: string;
  space?: string;
  dataset?: string;
  trialsDone?: number;
  trialsTotal?: number;
  bestAccuracy?: number;
}

export interface ListOptions {
  limit: number;
  /** A visibility query over the search attributes, e.g. "NasBestAccuracy > 0.97". */
  query?: string;
}

export async function listSearches(client: Client, opts: ListOptions): Promise<SearchListRow[]> {
  const base = `WorkflowType = '${SEARCH_WORKFLOW_TYPE}'`;
  const query = opts.query ? `${base} AND (${opts.query})` : base;
  const executions: WorkflowExecutionInfo[] = [];
  try {
    for await (const wf of client.workflow.list({ query })) {
      executions.push(wf);
      if (executions.length >= opts.limit) break;
    }
  } catch (err) {
    const grpc = err instanceof Error && isGrpcServiceError(err.cause) ? err.cause : isGrpcServiceError(err) ? err : undefined;
    // INVALID_ARGUMENT: the server could not parse the query or does not know an attribute.
    if (opts.query && grpc?.code === 3) throw new UsageError(`--query "${opts.query}" is not a valid visibility query: ${grpc.details}`);
    throw err;
  }
  return Promise.all(executions.map((wf) => rowOf(client, wf)));
}

async function rowOf(client: Client, wf: WorkflowExecutionInfo): Promise<SearchListRow> {
  const attrs = wf.typedSearchAttributes;
  const fromAttributes = {
    searchId: wf.workflowId,
    workflowStatus: wf.status.name,
    startedAt: wf.startTime.toISOString(),
    ...defined('strategy', attrs.get(SEARCH_ATTRIBUTES.strategy)),
    ...defined('space', attrs.get(SEARCH_ATTRIBUTES.space)),
    ...defined('dataset', attrs.get(SEARCH_ATTRIBUTES.dataset)),
    ...defined('trialsDone', attrs.get(SEARCH_ATTRIBUTES.trialsDone)),
    ...defined('trialsTotal', attrs.get(SEARCH_ATTRIBUTES.trialsTotal) ?? (typeof wf.memo?.trials === 'number' ? wf.memo.trials : undefined)),
    ...defined('bestAccuracy', attrs.get(SEARCH_ATTRIBUTES.bestAccuracy)),
  };
  const running = wf.status.name === 'RUNNING' || wf.status.name === 'CONTINUED_AS_NEW';
  if (running) return { ...fromAttributes, status: 'running' };
  if (wf.status.name !== 'COMPLETED') return { ...fromAttributes, status: 'failed' };
  const own = attrs.get(SEARCH_ATTRIBUTES.status);
  if (own === 'completed' || own === 'stopped') return { ...fromAttributes, status: own };
  // Searches from before the attributes existed: only the result tells stopped from completed.
  const result = (await client.workflow.getHandle(wf.workflowId, wf.runId).result()) as SearchResult;
  return {
    ...fromAttributes,
    status: result.status,
    trialsDone: result.trials.filter((t) => t.status === 'completed' || t.status === 'pruned' || t.status === 'failed').length,
    trialsTotal: result.config.budget.trials,
    ...defined('bestAccuracy', result.best?.metrics.valAccuracy),
  };
}

function defined<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

export function formatSearchList(rows: SearchListRow[]): string {
  if (rows.length === 0) return 'no searches found (start one with: nas search)';
  const cells = rows.map((r) => [
    r.searchId,
    r.status,
    r.trialsDone !== undefined || r.trialsTotal !== undefined ? `${r.trialsDone ?? '?'}/${r.trialsTotal ?? '?'}` : '-',
    r.bestAccuracy !== undefined ? `${(r.bestAccuracy * 100).toFixed(2)}%` : '-',
    [r.strategy, r.space, r.dataset].filter(Boolean).join('/') || '-',
    r.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
  ]);
  return formatTable(['SEARCH', 'STATUS', 'TRIALS', 'BEST', 'WHAT', 'STARTED'], cells, new Set([2, 3]));
}
