// Finds out whether some worker is serving a task queue, so `nas search` starts one only if
// nobody else (another terminal, another machine) does.
import type { Client } from '@temporalio/client';

/**
 * The server lists a poller until well after its worker is gone, and a live but idle worker
 * re-polls about once a minute. Erring towards "nobody is there" only costs an extra worker
 * for the search's duration, while the opposite leaves a search with no worker: hence short.
 */
const POLLER_FRESHNESS_MS = 30_000;

export async function hasLivePollers(client: Client, namespace: string, taskQueue: string, kind: 'workflow' | 'activity'): Promise<boolean> {
  const response = await client.workflowService.describeTaskQueue({
    namespace,
    taskQueue: { name: taskQueue },
    taskQueueType: kind === 'workflow' ? 1 : 2,
  });
  const now = Date.now();
  return (response.pollers ?? []).some((p) => {
    const seconds = Number(p.lastAccessTime?.seconds ?? 0);
    return now - seconds * 1000 < POLLER_FRESHNESS_MS;
  });
}
