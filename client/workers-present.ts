// Finds out whether some worker is serving a task queue, so `nas search` starts one only if
// nobody else (another terminal, another machine) does.
import type { Client } from '@temporalio/client';

/** A worker long-polls for about a minute; one not seen for longer than this is gone. */
const POLLER_FRESHNESS_MS = 90_000;

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
