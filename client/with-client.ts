// A Temporal client for one command, closed afterwards; an unreachable server is reported as
// UnavailableError (exit code 5) with the address it tried, not as a stack trace.
import type { Client, Connection } from '@temporalio/client';
import { connectClient, resolveConnection } from '../infra/temporal/connection';
import { UnavailableError } from './errors';

export async function withClient<T>(fn: (client: Client, namespace: string) => Promise<T>, address?: string): Promise<T> {
  const { namespace } = resolveConnection(address !== undefined ? { address } : {});
  const connected = await connectOrExplain(address);
  try {
    return await fn(connected.client, namespace);
  } finally {
    await connected.connection.close();
  }
}

/** connectClient, with a failure reported as UnavailableError (exit code 5) naming the address and the fix. */
export async function connectOrExplain(address?: string): Promise<{ client: Client; connection: Connection }> {
  try {
    return await connectClient(address !== undefined ? { address } : {});
  } catch (err) {
    const hint = process.env.TEMPORAL_ADDRESS ? 'check TEMPORAL_ADDRESS' : 'is the server running? (nas server start)';
    throw new UnavailableError(`${(err as Error).message.split('\n')[0]}; ${hint}`, { cause: err });
  }
}
