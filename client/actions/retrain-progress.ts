// Lines of progress while `nas export --retrain` waits: one per epoch the retraining finishes,
// read from its activity's heartbeats (as `nas watch` reads a search's), so a long retraining
// is not a silent wait. A retry after a crash shows as a higher attempt.
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { TrainHeartbeat } from '../../activities/types';
import type { EpochMetrics } from '../../contracts/training';
import type { RetrainWorkflowResult } from '../../workflows/retrain-definitions';

const POLL_MS = 2_000;

/** Resolves with the workflow's result, logging each epoch once: live, or from the result at the end. */
export async function resultWithProgress(client: Client, handle: WorkflowHandle, log: (line: string) => void): Promise<RetrainWorkflowResult> {
  const converter = client.options.loadedDataConverter.payloadConverter;
  let shown = 0;
  let done = false;
  const show = (m: EpochMetrics, targetEpochs: number | undefined, attempt: number): void => {
    if (m.epoch <= shown) return;
    shown = m.epoch;
    const retry = attempt > 1 ? ` (attempt ${attempt})` : '';
    log(`retrain epoch ${m.epoch}/${targetEpochs ?? '?'}: loss ${m.loss.toFixed(4)}, training accuracy ${(m.accuracy * 100).toFixed(2)}%, ${m.seconds.toFixed(1)} s${retry}`);
  };
  const result = (handle.result() as Promise<RetrainWorkflowResult>).finally(() => (done = true));
  const follow = async (): Promise<void> => {
    while (!done) {
      await Promise.race([result.catch(() => undefined), new Promise((r) => setTimeout(r, POLL_MS))]);
      if (done) return;
      const description = await handle.describe().catch(() => undefined);
      for (const pending of description?.raw.pendingActivities ?? []) {
        const payload = pending.heartbeatDetails?.payloads?.[0];
        const beat = payload ? converter.fromPayload<TrainHeartbeat>(payload) : undefined;
        for (const m of beat?.history ?? []) show(m, beat?.targetEpochs, pending.attempt ?? 1);
      }
    }
  };
  const [value] = await Promise.all([result, follow()]);
  // Epochs that finished between two looks, or after the last one.
  for (const m of value.result.history) show(m, value.request.targetEpochs, value.result.attempt);
  return value;
}
