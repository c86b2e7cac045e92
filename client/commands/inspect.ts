// `nas status`, `nas result`, `nas stop` and `nas list`: read or steer an existing search.
import type { Client } from '@temporalio/client';
import { connectClient } from '../../infra/temporal/connection';
import { SEARCH_WORKFLOW_TYPE, stopSignal } from '../../workflows/definitions';
import { parseArgs, UsageError } from '../args';
import { describeSearch, formatProgress, searchResult } from '../search-client';
import { printSummary } from './search';

async function withClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const { client, connection } = await connectClient();
  try {
    return await fn(client);
  } finally {
    await connection.close();
  }
}

function searchIdArg(positionals: string[], command: string): string {
  if (positionals.length !== 1) throw new UsageError(`usage: nas ${command} <search-id>`);
  return positionals[0];
}

export async function statusCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, [], ['json']);
  const searchId = searchIdArg(args.positionals, 'status');
  const report = await withClient((client) => describeSearch(client, searchId));
  if (args.flags.has('json')) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    process.stdout.write(`${searchId}: ${report.status}${report.error ? ` (${report.error})` : ''}\n`);
    if (report.progress) process.stdout.write(`${formatProgress(report.progress)}\n`);
  }
  return 0;
}

export async function resultCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, [], ['json']);
  const searchId = searchIdArg(args.positionals, 'result');
  const result = await withClient((client) => searchResult(client, searchId));
  if (args.flags.has('json')) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else printSummary(result, (line) => void process.stdout.write(`${line}\n`));
  return 0;
}

export async function stopCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['reason'], []);
  const searchId = searchIdArg(args.positionals, 'stop');
  await withClient(async (client) => {
    const report = await describeSearch(client, searchId);
    if (report.status !== 'running') throw new UsageError(`search ${searchId} is already ${report.status}`);
    const reason = args.flags.get('reason');
    await client.workflow.getHandle(searchId).signal(stopSignal, { reason: typeof reason === 'string' ? reason : 'nas stop' });
  });
  process.stdout.write(`stop sent to ${searchId}: trainings in flight finish, then it returns the best so far\n`);
  return 0;
}

export async function listCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['limit'], ['json']);
  const limit = Number(args.flags.get('limit') ?? 20);
  const rows: { searchId: string; status: string; started?: string }[] = [];
  await withClient(async (client) => {
    for await (const wf of client.workflow.list({ query: `WorkflowType = '${SEARCH_WORKFLOW_TYPE}'` })) {
      rows.push({ searchId: wf.workflowId, status: wf.status.name, started: wf.startTime.toISOString() });
      if (rows.length >= limit) break;
    }
  });
  if (args.flags.has('json')) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else for (const r of rows) process.stdout.write(`${r.searchId}  ${r.status.padEnd(16)} ${r.started ?? ''}\n`);
  return 0;
}
