// What `nas status`, `nas result`, `nas stop` and `nas list` do (their options: commands/inspect.ts).
import { stopSignal } from '../../workflows/definitions';
import { UsageError } from '../errors';
import { EXIT } from '../exit-codes';
import { describeSearch, formatProgress, searchResult } from '../search-client';
import { formatSearchList, listSearches } from '../search-list';
import { withClient } from '../with-client';
import { printSummary } from '../summary';
import { formatFront } from '../front';
import { quietMoment } from './quiet-moment';

const print = (text: string): void => void process.stdout.write(`${text}\n`);

export async function status(searchId: string, opts: { json?: boolean }): Promise<number> {
  const report = await withClient((client) => describeSearch(client, searchId));
  if (opts.json) {
    print(JSON.stringify(report, null, 2));
  } else {
    print(`${searchId}: ${report.status}${report.progress?.paused ? ' (paused)' : ''}${report.error ? ` (${report.error})` : ''}`);
    if (report.progress) print(formatProgress(report.progress));
    if (report.progress?.front) for (const line of formatFront(report.progress.front)) print(line);
  }
  return EXIT.ok;
}

export async function result(searchId: string, opts: { json?: boolean }): Promise<number> {
  const found = await withClient((client) => searchResult(client, searchId));
  if (opts.json) print(JSON.stringify(found, null, 2));
  else printSummary(found, print);
  return EXIT.ok;
}

export async function stop(searchId: string, opts: { reason: string }): Promise<number> {
  await withClient(async (client) => {
    const report = await describeSearch(client, searchId);
    if (report.status !== 'running') throw new UsageError(`search ${searchId} is already ${report.status}`);
    const handle = client.workflow.getHandle(searchId);
    await quietMoment(handle);
    await handle.signal(stopSignal, { reason: opts.reason });
  });
  print(`stop sent to ${searchId}: trainings in flight finish, then it returns the best so far`);
  return EXIT.ok;
}

export async function list(opts: { limit: number; query?: string; json?: boolean }): Promise<number> {
  const rows = await withClient((client) => listSearches(client, { limit: opts.limit, ...(opts.query ? { query: opts.query } : {}) }));
  print(opts.json ? JSON.stringify(rows, null, 2) : formatSearchList(rows));
  return EXIT.ok;
}
