// Client-side view of searches: maps Temporal's execution states onto search statuses and
// reads progress through the workflow's queries.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { SearchProgress, SearchResult, SearchStatus } from '../domain/search/types';
import { resultQuery, SEARCH_WORKFLOW_TYPE, statusQuery } from '../workflows/definitions';
import { NotFoundError, UsageError } from './errors';
import { fidelityRungs, findResource } from '../domain/fidelity';
import { leaderboardOf } from '../domain/search/leaderboard';
import { inTrialOrder, resolveDuplicates, resultTrials } from '../domain/search/result-trials';
import { openArtifactStore } from '../store';
import { readTrialRecords } from '../store/trial-records';

export interface SearchStatusReport {
  searchId: string;
  status: SearchStatus;
  /** Temporal's own name for the execution state (RUNNING, COMPLETED, FAILED, ...). */
  workflowStatus: string;
  progress?: SearchProgress;
  error?: string;
}

export async function describeSearch(client: Client, searchId: string): Promise<SearchStatusReport> {
  const handle = client.workflow.getHandle(searchId);
  let description;
  try {
    description = await handle.describe();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new NotFoundError(`no search with id "${searchId}" (try: nas list)`);
    throw err;
  }
  const workflowStatus = description.status.name;
  if (description.type !== SEARCH_WORKFLOW_TYPE) throw new UsageError(`workflow "${searchId}" is a ${description.type}, not a search`);
  if (workflowStatus === 'RUNNING' || workflowStatus === 'CONTINUED_AS_NEW') {
    try {
      const progress = await handle.query(statusQuery);
      return { searchId, status: 'running', workflowStatus, progress };
    } catch (err) {
      // Queries are answered by a workflow worker; with none running the search still exists.
      const reason = err instanceof Error ? err.message : String(err);
      return { searchId, status: 'running', workflowStatus, error: `progress unavailable (${reason}): is a worker running? (nas worker)` };
    }
  }
  if (workflowStatus === 'COMPLETED') {
    const result = (await handle.result()) as SearchResult;
    // A finished search answers queries only while a worker runs; its result says as much.
    const progress = await handle.query(statusQuery).catch(async () => progressFromResult(await withStoredTrials(result)));
    return { searchId, status: result.status, workflowStatus, progress };
  }
  const error = await handle.result().then(
    () => undefined,
    (err: unknown) => (err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)),
  );
  return { searchId, status: 'failed', workflowStatus, ...(error ? { error } : {}) };
}

/** The final result when the search ended, else the result as it stands now. */
export async function searchResult(client: Client, searchId: string): Promise<SearchResult> {
  const handle = client.workflow.getHandle(searchId);
  // A finished search's result is in its history. Going through describeSearch would also ask
  // the status query, which waits ~30 s for a worker when none runs (nas export, report, result).
  const finished = await handle.describe().then(
    (d) => d.type === SEARCH_WORKFLOW_TYPE && d.status.name === 'COMPLETED',
    () => false,
  );
  if (finished) return withStoredTrials((await handle.result()) as SearchResult);
  const report = await describeSearch(client, searchId);
  if (report.workflowStatus === 'COMPLETED') return withStoredTrials((await handle.result()) as SearchResult);
  if (report.status === 'running') return withStoredTrials(await handle.query(resultQuery));
  throw new Error(`search ${searchId} ${report.workflowStatus.toLowerCase()}: ${report.error ?? 'no result'}`);
}

/**
 * The result with all its trials. Searches with a trial store return (and answer queries with)
 * only the trials not stored yet; the others are read back from the store here and shown the
 * way the engine shows them (duplicates with their original's outcome, morphism steps).
 * Records torn by an interrupted write are skipped and reported to `onNote` (stderr by default,
 * so that --json output on stdout stays clean).
 */
export async function withStoredTrials(result: SearchResult, onNote: (note: string) => void = noteOnStderr): Promise<SearchResult> {
  const where = result.trialStore;
  if (where?.location === undefined || where.stored === 0) return result;
  const stored = await readTrialRecords(openArtifactStore(where.location), result.searchId, onNote);
  const live = new Set(result.trials.map((t) => t.trialId));
  const fromStore = resultTrials(inTrialOrder(stored.filter((r) => !live.has(r.trialId))), result.status);
  return { ...result, trials: resolveDuplicates(inTrialOrder([...fromStore, ...result.trials])) };
}

function noteOnStderr(note: string): void {
  process.stderr.write(`note: ${note}\n`);
}

/** Final progress rebuilt from a result, for when no worker is there to answer the query. */
export function progressFromResult(result: SearchResult): SearchProgress {
  const leaderboard = leaderboardOf(result.trials);
  const f = result.config.fidelity;
  return {
    status: result.status,
    trialsDone: result.trials.filter((t) => ['completed', 'pruned', 'failed'].includes(t.status)).length,
    duplicates: result.trials.filter((t) => t.status === 'duplicate').length,
    trialsStarted: result.trials.filter((t) => t.epochs > 0 || t.status === 'failed').length,
    trialsTotal: result.config.budget.trials,
    running: [],
    rungs: fidelityRungs(f),
    ...(f.resource !== undefined ? { resource: f.resource } : {}),
    brackets: [],
    ...(leaderboard[0] ? { best: leaderboard[0] } : {}),
    leaderboard: leaderboard.slice(0, 10),
    ...(result.backend ? { backend: result.backend } : {}),
    startedAt: result.startedAt,
    elapsedMs: result.finishedAt - result.startedAt,
    generation: 0,
  };
}

export function formatProgress(p: SearchProgress): string {
  const elapsed = formatDuration(p.elapsedMs);
  const bracket = p.brackets.filter((b) => !b.complete).map((b) => `b${b.index}:rung ${b.rung} (${rungLabel(p, p.rungs[b.rung], ' ')})`);
  const running = p.running.map((r) => `${r.trialId}→${r.targetEpochs}ep`).join(' ');
  const best = p.best ? `best ${p.best.trialId} ${(p.best.valAccuracy * 100).toFixed(2)}% @${p.best.epochs}ep` : 'best: none yet';
  return `[${elapsed}] ${p.trialsDone}/${p.trialsTotal} trials done${waiting(p)} | ${bracket.join(', ') || 'no open bracket'} | training ${running || '-'} | ${best}`;
}

/** A rung's value with its resource's unit: "3ep" (with `sep` ' ': "3 ep"), "512 samples", "0.5x". */
export function rungLabel(p: Pick<SearchProgress, 'resource'>, value: number | undefined, sep = ''): string {
  const unit = findResource(p.resource ?? 'epochs')?.unit ?? '';
  return `${value ?? '?'}${unit.startsWith(' ') ? unit : sep + unit}`;
}

/** ", N waiting for promotion" when trials trained to a rung wait for their scheduler's decision. */
export function waiting(p: Pick<SearchProgress, 'trialsWaiting'>): string {
  return (p.trialsWaiting ?? 0) > 0 ? `, ${p.trialsWaiting} waiting for promotion` : '';
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const mm = String(Math.floor(s / 60)).padStart(2, '0');
  return `${mm}:${String(s % 60).padStart(2, '0')}`;
}
