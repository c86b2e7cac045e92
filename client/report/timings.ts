// When each training finished and what it scored, read from the search's workflow history
// (every run of it, across continueAsNew): the report's "accuracy against wall time" needs
// times that the search result does not keep.
import type { Client } from '@temporalio/client';
import type { TrainRequest } from '../../contracts/training';
import type { TrainActivityResult } from '../../activities/types';

export interface TrainingFinished {
  trialId: string;
  epochs: number;
  valAccuracy: number;
  /** Epoch milliseconds when the activity completed. */
  at: number;
}

type Timestamp = { seconds?: { toNumber(): number } | number | string | null; nanos?: number | null } | null | undefined;

function millis(t: Timestamp): number {
  if (!t) return 0;
  const s = t.seconds;
  const seconds = typeof s === 'object' && s !== null ? s.toNumber() : Number(s ?? 0);
  return seconds * 1000 + Math.round((t.nanos ?? 0) / 1e6);
}

export async function trainingsFinished(client: Client, searchId: string): Promise<TrainingFinished[]> {
  const converter = client.options.loadedDataConverter.payloadConverter;
  const finished: TrainingFinished[] = [];
  let runId: string | undefined;
  // Newest run first; each run's first event names the run it continued.
  for (let runs = 0; runs < 10_000; runs++) {
    const history = await client.workflow.getHandle(searchId, runId).fetchHistory();
    const scheduled = new Map<string, TrainRequest>();
    for (const event of history.events ?? []) {
      const id = String(event.eventId);
      const s = event.activityTaskScheduledEventAttributes;
      if (s?.input?.payloads?.[0]) scheduled.set(id, converter.fromPayload<TrainRequest>(s.input.payloads[0]));
      const c = event.activityTaskCompletedEventAttributes;
      if (c?.result?.payloads?.[0]) {
        const request = scheduled.get(String(c.scheduledEventId));
        const result = converter.fromPayload<TrainActivityResult>(c.result.payloads[0]);
        if (request && result?.final) {
          finished.push({ trialId: request.trialId, epochs: result.epochsDone, valAccuracy: result.final.valAccuracy, at: millis(event.eventTime as Timestamp) });
        }
      }
    }
    const continued = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
    if (!continued) break;
    runId = continued;
  }
  return finished.sort((a, b) => a.at - b.at);
}
