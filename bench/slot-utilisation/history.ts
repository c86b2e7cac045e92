// Start and end of every training activity of a search, read from its workflow history.
import type { Client } from '@temporalio/client';
import type { Interval } from './profile';

type Timestamp = { seconds?: { toNumber(): number } | number | string | null; nanos?: number | null } | null | undefined;

function millis(t: Timestamp): number {
  if (!t) return 0;
  const s = t.seconds;
  const seconds = typeof s === 'object' && s !== null ? s.toNumber() : Number(s ?? 0);
  return seconds * 1000 + Math.round((t.nanos ?? 0) / 1e6);
}

/** Start and end of every completed training activity, across continueAsNew runs. */
export async function trainings(client: Client, searchId: string): Promise<Interval[]> {
  const intervals: Interval[] = [];
  let runId: string | undefined;
  for (let runs = 0; runs < 10_000; runs++) {
    const history = await client.workflow.getHandle(searchId, runId).fetchHistory();
    const started = new Map<string, number>();
    for (const event of history.events ?? []) {
      const s = event.activityTaskStartedEventAttributes;
      // The started event's time is when a worker picked the task up.
      if (s) started.set(String(s.scheduledEventId), millis(event.eventTime as Timestamp));
      const c = event.activityTaskCompletedEventAttributes ?? event.activityTaskFailedEventAttributes;
      if (c) {
        const start = started.get(String(c.scheduledEventId));
        if (start !== undefined) intervals.push({ start, end: millis(event.eventTime as Timestamp) });
      }
    }
    const continued = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
    if (!continued) break;
    runId = continued;
  }
  return intervals;
}

