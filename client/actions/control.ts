// What `nas pause`, `nas resume`, `nas budget` and `nas retry` do (options: commands/control.ts).
// Updates are validated by the running search itself: a refused one comes back with the
// search's reason, naming the field, and changes nothing.
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { budgetUpdate, pauseSignal, resumeSignal, retryTrialUpdate } from '../../workflows/definitions';
import { UsageError } from '../errors';
import { EXIT } from '../exit-codes';
import { describeSearch } from '../search-client';
import { withClient } from '../with-client';
import { quietMoment } from './quiet-moment';

const print = (text: string): void => void process.stdout.write(`${text}\n`);

/**
 * The search must be running (a worker need not be: signals wait in its history). The handle is
 * returned at a quiet moment, when no workflow task waits unstarted (quiet-moment.ts says why).
 */
async function runningHandle(client: Client, searchId: string) {
  const report = await describeSearch(client, searchId);
  if (report.status !== 'running') throw new UsageError(`search ${searchId} is ${report.status}; only a running search can be controlled`);
  const handle = client.workflow.getHandle(searchId);
  await quietMoment(handle);
  return handle;
}

export async function pause(searchId: string): Promise<number> {
  await withClient(async (client) => (await runningHandle(client, searchId)).signal(pauseSignal));
  print(`pause sent to ${searchId}: trainings in flight finish, nothing new starts until nas resume ${searchId}`);
  return EXIT.ok;
}

export async function resume(searchId: string): Promise<number> {
  await withClient(async (client) => (await runningHandle(client, searchId)).signal(resumeSignal));
  print(`resume sent to ${searchId}`);
  return EXIT.ok;
}

export async function budget(searchId: string, trials: number): Promise<number> {
  const now = await withClient(async (client) => refusedAsUsage(() => runningHandle(client, searchId).then((h) => h.executeUpdate(budgetUpdate, { args: [trials] }))));
  print(`${searchId}: budget.trials is now ${now}`);
  return EXIT.ok;
}

export async function retry(searchId: string, trialId: string): Promise<number> {
  await withClient(async (client) => refusedAsUsage(() => runningHandle(client, searchId).then((h) => h.executeUpdate(retryTrialUpdate, { args: [trialId] }))));
  print(`${searchId}: ${trialId} is queued to train again (nas status ${searchId} follows it)`);
  return EXIT.ok;
}

/** A validator's refusal is the user's input at fault: exit code 2 with the search's reason. */
async function refusedAsUsage<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      const reason = err.cause instanceof Error ? err.cause.message : err.message;
      throw new UsageError(`refused by the search: ${reason}`);
    }
    throw err;
  }
}
