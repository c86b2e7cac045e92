// Waits, before a control message (signal or update) is sent to a running search, until the
// search has no workflow task that is scheduled but not yet started.
//
// Why: Temporal SDK 1.24 (its Rust core) can record a history that does not replay when three
// things meet: a workflow task waits unstarted (typically on the sticky queue of a worker that
// was killed: up to 10 s), a query (`nas status`, `nas watch`, the Web UI) reaches a worker that
// does not have the search cached, and a signal or update arrives in that same task. The query
// makes the worker replay the history *including* the task's new events (a training's result)
// and run the workflow past them, so the commands that follow (the next training) are produced
// before the task starts; when the task then starts with the update, its acceptance is recorded
// after those commands. A replay delivers the update and the training's result in one activation,
// update first, and fails with [TMPRL1100] "Update machine does not handle ActivityTaskScheduled"
// (a signal such as pause changes what the result leads to in the same way): the search is stuck.
// Sent once no task waits unstarted, the message goes into a task of its own.
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const SCHEDULED = temporal.api.enums.v1.PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_SCHEDULED;

export interface QuietOptions {
  /** Give up waiting after this long and send anyway (no workflow worker is polling). */
  timeoutMs?: number;
  everyMs?: number;
}

/**
 * Resolves once the search has no workflow task scheduled and unstarted, or after timeoutMs
 * (default 15 s: longer than the 10 s a task waits for a dead sticky worker; past that the task
 * waits for any worker at all, and the message may as well go with it). Returns the ms waited.
 */
export async function quietMoment(handle: WorkflowHandle, options: QuietOptions = {}): Promise<number> {
  const { timeoutMs = 15_000, everyMs = 200 } = options;
  const started = Date.now();
  for (;;) {
    const pending = (await handle.describe()).raw.pendingWorkflowTask;
    if (!pending || pending.state !== SCHEDULED) return Date.now() - started;
    if (Date.now() - started >= timeoutMs) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
