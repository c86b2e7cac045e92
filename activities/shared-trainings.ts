// Trainings that outlive the activity that started them, so a search can continueAsNew without
// draining. When a search run continues as new, the activities it scheduled belong to a closed
// run: Temporal drops their results and cancels them at their next heartbeat (NOT_FOUND). The
// new run schedules the same jobs again; in the worker process still training one, the new
// activity attaches to that training here and gets its result, instead of starting over.
//
// Why this design (and not child workflows): a child workflow per training would survive the
// parent's continueAsNew by itself, but costs a workflow execution (its own history, workflow
// tasks and a signal back) per trial, several times the server work of an activity, and it is
// the per-trial cost a long search must keep low. Here a training costs one activity, plus one
// (instant) re-attached activity for each training in flight at a continueAsNew.
//
// Scope: one worker process. A re-issued job that lands on another worker trains there again
// from the newest checkpoint in the store (the same path as a retry after a crash), and the
// orphan in the first process stops after ORPHAN_GRACE_MS without anyone attached.
import type { Context } from '@temporalio/activity';

/** An orphaned training (its run closed) keeps going this long for the next run to attach. */
export const ORPHAN_GRACE_MS = 60_000;
/** A finished training's result is kept this long for a re-issued job that attaches late. */
export const KEEP_RESULT_MS = 120_000;

export interface TrainingHandle<B> {
  /** Aborts when every attached activity is gone (cancelled, or its run closed and no one came). */
  signal: AbortSignal;
  /** Reports progress: every attached activity heartbeats it. */
  progress(beat: B): void;
}

interface Shared<B, R> {
  result: Promise<R>;
  beat: B;
  attached: Set<(beat: B) => void>;
  abort: AbortController;
  orphanTimer?: ReturnType<typeof setTimeout>;
}

/** Heartbeats go out at least this often while a training works through a long epoch. */
const HEARTBEAT_INTERVAL_MS = 5_000;

export class SharedTrainings<B, R> {
  private readonly trainings = new Map<string, Shared<B, R>>();

  /** Trainings running or finished recently (for tests and logs). */
  get size(): number {
    return this.trainings.size;
  }

  /**
   * Runs `start` for job `key` unless this process already runs (or just finished) it, and
   * waits for the result while heartbeating `ctx` with the latest progress. `first` is the
   * heartbeat sent before any progress.
   */
  async run(key: string, ctx: Context, first: B, start: (handle: TrainingHandle<B>) => Promise<R>, onAttach?: (beat: B) => Promise<void>): Promise<R> {
    let shared = this.trainings.get(key);
    // Attaching is an attempt too (the audit log says so), though it trains nothing itself.
    if (shared !== undefined) await onAttach?.(shared.beat);
    if (shared === undefined) {
      const abort = new AbortController();
      const created: Shared<B, R> = { result: Promise.resolve() as Promise<R>, beat: first, attached: new Set(), abort };
      created.result = start({
        signal: abort.signal,
        progress: (beat) => {
          created.beat = beat;
          for (const listener of created.attached) listener(beat);
        },
      });
      this.trainings.set(key, created);
      created.result.then(
        () => setTimeout(() => this.forget(key, created), KEEP_RESULT_MS).unref?.(),
        // A failed or aborted training is never handed to anyone else: a retry starts afresh.
        () => this.forget(key, created),
      );
      shared = created;
    }
    return this.attach(key, shared, ctx);
  }

  private async attach(key: string, shared: Shared<B, R>, ctx: Context): Promise<R> {
    const beat = (b: B): void => ctx.heartbeat(b);
    shared.attached.add(beat);
    if (shared.orphanTimer !== undefined) clearTimeout(shared.orphanTimer);
    shared.orphanTimer = undefined;
    beat(shared.beat);
    const ticker = setInterval(() => beat(shared.beat), HEARTBEAT_INTERVAL_MS);
    const detach = (): void => {
      clearInterval(ticker);
      shared.attached.delete(beat);
    };
    try {
      return await Promise.race([shared.result, ctx.cancelled]);
    } catch (err) {
      if (ctx.cancellationSignal.aborted) this.leave(key, shared, ctx);
      throw err;
    } finally {
      detach();
    }
  }

  /** A cancelled activity lets go; the training stops once no one is left to want it. */
  private leave(key: string, shared: Shared<B, R>, ctx: Context): void {
    if (shared.attached.size > 1) return;
    // Its run closed (continueAsNew): the next run schedules the job again, give it time to attach.
    if (ctx.cancellationDetails?.notFound === true) {
      shared.orphanTimer = setTimeout(() => {
        if (shared.attached.size === 0) this.stop(key, shared);
      }, ORPHAN_GRACE_MS);
      shared.orphanTimer.unref?.();
      return;
    }
    this.stop(key, shared);
  }

  private stop(key: string, shared: Shared<B, R>): void {
    this.forget(key, shared);
    shared.abort.abort(new Error('training cancelled: no activity wants its result any more'));
  }

  private forget(key: string, shared: Shared<B, R>): void {
    if (this.trainings.get(key) === shared) this.trainings.delete(key);
  }
}
