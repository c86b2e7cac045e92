// `nas list`: searches from Temporal's visibility store, each with the search's own status
// (a stopped search is COMPLETED to Temporal), its progress and its best accuracy.
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import type { SearchResult, SearchStatus } from '../domain/search/types';
import { SEARCH_WORKFLOW_TYPE } from '../workflows/definitions';
import { formatTable } from './table';

export interface SearchListRow {
  searchId: string;
  status: SearchStatus;
  /** Temporal's own name for the execution state (RUNNING, COMPLETED, ...). */
  workflowStatus: string;
  startedAt: string;
  trialsDone?: number;
  trialsTotal?: number;
  bestAccuracy?: number;
}

export interface ListOptions {
  limit: number;
}

export async function listSearches(client: Client, opts: ListOptions): Promise<SearchListRow[]> {
  const executions: WorkflowExecutionInfo[] = [];
  for await (const wf of client.workflow.list({ query: `WorkflowType = '${SEARCH_WORKFLOW_TYPE}'` })) {
    executions.push(wf);
    if (executions.length >= opts.limit) break;
  }
  return Promise.all(executions.map((wf) => rowOf(client, wf)));
}

async function rowOf(client: Client, wf: WorkflowExecutionInfo): Promise<SearchListRow> {
  const base = { searchId: wf.workflowId, workflowStatus: wf.status.name, startedAt: wf.startTime.toISOString() };
  const memoTrials = typeof wf.memo?.trials === 'number' ? wf.memo.trials : undefined;
  switch (wf.status.name) {
    case 'RUNNING':
    case 'CONTINUED_AS_NEW':
      return { ...base, status: 'running', ...(memoTrials !== undefined ? { trialsTotal: memoTrials } : {}) };
    case 'COMPLETED': {
      // Only the result tells a stopped search from a completed one.
      const result = (await client.workflow.getHandle(wf.workflowId, wf.runId).result()) as SearchResult;
      return {
        ...base,
        status: result.status,
        trialsDone: result.trials.filter((t) => t.status === 'completed' || t.status === 'pruned' || t.status === 'failed').length,
        trialsTotal: result.config.budget.trials,
        ...(result.best ? { bestAccuracy: result.best.metrics.valAccuracy } : {}),
      };
    }
    default:
      return { ...base, status: 'failed', ...(memoTrials !== undefined ? { trialsTotal: memoTrials } : {}) };
  }
}

export function formatSearchList(rows: SearchListRow[]): string {
  if (rows.length === 0) return 'no searches yet (start one with: nas search)';
  const cells = rows.map((r) => [
    r.searchId,
    r.status,
    r.trialsDone !== undefined || r.trialsTotal !== undefined ? `${r.trialsDone ?? '?'}/${r.trialsTotal ?? '?'}` : '-',
    r.bestAccuracy !== undefined ? `${(r.bestAccuracy * 100).toFixed(2)}%` : '-',
    r.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
  ]);
  return formatTable(['SEARCH', 'STATUS', 'TRIALS', 'BEST', 'STARTED'], cells, new Set([2, 3]));
}
