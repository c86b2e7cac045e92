// The training activity: trains one candidate at one fidelity on a trainer process, heartbeats
// its progress (with the checkpoint reached), and after a retry resumes from that checkpoint.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { TrainerPool } from '../trainer/pool';
import { TrainingError } from '../trainer/errors';
import { STORE_UNAVAILABLE_TYPE, TRAINING_FAILURE_ATTEMPTS } from '../contracts/training-retry';
import { checkPathSegment, checkpointUri } from '../trainer/checkpoint-paths';
import type { CheckpointRef, TrainRequest, TrainResult } from '../contracts/training';
import type { NasActivities, TrainActivityResult, TrainHeartbeat } from './types';
import { withGraphArchitecture } from './legacy-request';
import { answerFromTable } from './tabular';
import { openArtifactStore } from '../store';
import { SharedTrainings } from './shared-trainings';
import { describeFallback, describeInheritFallback } from '../trainer/resume-fallback';


export interface TrainActivityDeps {
  /** Runs a training (the trainer process pool; bench/orchestration passes a fixed-wait trainer). */
  pool: Pick<TrainerPool, 'run'>;
  /** The artifact store's location (a folder or s3://bucket/prefix), shared by all training workers. */
  artifactRoot: string;
}

export function createActivities(deps: TrainActivityDeps): NasActivities {
  const trainings = new SharedTrainings<TrainHeartbeat, TrainActivityResult>();
  const activities: NasActivities = {
    async trainCandidate(scheduled: TrainRequest): Promise<TrainActivityResult> {
      const request = withGraphArchitecture(scheduled);
      const ctx = Context.current();
      if (request.dataset.name === 'tabular') {
        // The tabular benchmark: a lookup, nothing trained or stored; a miss never heals.
        try {
          return answerFromTable(request, ctx.info.attempt);
        } catch (err) {
          throw asFailure(Object.assign(err as Error, { nonRetryable: true }), ctx);
        }
      }
      // The ids become folders: a bad one must fail before the first mkdir, for good.
      try {
        checkPathSegment(request.searchId, 'searchId');
        checkPathSegment(request.trialId, 'trialId');
      } catch (err) {
        throw asFailure(err, ctx);
      }
      const previous = ctx.info.heartbeatDetails as TrainHeartbeat | undefined;
      const job = { trialId: request.trialId, targetEpochs: request.targetEpochs };
      const first: TrainHeartbeat = { ...job, epochsDone: request.resumeFrom?.epoch ?? 0, checkpoint: request.resumeFrom, history: previous?.history ?? [] };
      // A search that continued as new schedules its trainings in flight again: attach to them.
      return trainings.run(jobKey(request), ctx, first, async (training) => {
        let resumed: TrainRequest;
        try {
          resumed = resumeRequest(request, previous, await newestStoredCheckpoint(deps.artifactRoot, request));
          await recordAttempt(deps.artifactRoot, request, ctx.info.attempt, resumed.resumeFrom?.epoch ?? 0);
        } catch (err) {
          // An id the store refuses fails for good; an unreachable store is retried.
          throw asFailure(err);
        }
        const startEpoch = resumed.resumeFrom?.epoch ?? 0;
        let beat: TrainHeartbeat = { ...job, epochsDone: startEpoch, checkpoint: resumed.resumeFrom, history: previous?.history ?? [] };
        training.progress(beat);
        try {
          const result = await deps.pool.run(resumed, {
            signal: training.signal,
            onProgress: (p) => {
              beat = { ...job, epochsDone: p.epochsDone, checkpoint: p.checkpoint, history: [...beat.history, p.metrics] };
              training.progress(beat);
            },
          });
          const fallback = result.resumeFallback;
          if (fallback !== undefined) ctx.log.warn(`${request.searchId}/${request.trialId}: ${describeFallback(fallback)}`);
          if (result.inheritFallback !== undefined) ctx.log.warn(`${request.searchId}/${request.trialId}: ${describeInheritFallback(result.inheritFallback)}`);
          // After a fallback the training really started below the checkpoint it was given.
          const started = fallback !== undefined ? (fallback.resumedFrom?.epoch ?? 0) : startEpoch;
          return { ...withEarlierEpochs(result, previous), attempt: ctx.info.attempt, startEpoch: started };
        } catch (err) {
          // Not this activity's cancellation: others may be attached (shared-trainings.ts).
          throw asFailure(err);
        }
      }, (beat) => recordAttempt(deps.artifactRoot, request, ctx.info.attempt, beat.epochsDone, true));
    },
  };
  return { trainCandidate: keepingRetryBudget(activities.trainCandidate) };
}

/**
 * Decides per activity how its failure is retried (withinRetryBudget); decided here, outside the
 * training, because one training may be shared by activities of several attempts.
 */
function keepingRetryBudget(train: NasActivities['trainCandidate']): NasActivities['trainCandidate'] {
  return async (request) => {
    try {
      return await train(request);
    } catch (err) {
      const ctx = Context.current();
      throw withinRetryBudget(asFailure(err, ctx), ctx.info.attempt);
    }
  };
}

/** One job of one search: the same trial, trained from the same start to the same epoch. */
export function jobKey(request: TrainRequest): string {
  return [request.searchId, request.trialId, request.resumeFrom?.epoch ?? 0, request.targetEpochs].join('/');
}

/**
 * A retry continues from the newest checkpoint an earlier attempt left, if it is ahead of where
 * the job started. Heartbeats are throttled by the SDK, so the last one the server kept may be
 * several epochs old; the artifact store (shared by the training workers) knows better, and
 * checkpoints appear there complete or not at all, so the newest one listed is whole.
 */
function resumeRequest(request: TrainRequest, previous: TrainHeartbeat | undefined, onDisk: CheckpointRef | undefined): TrainRequest {
  let best = request.resumeFrom;
  for (const candidate of [previous?.checkpoint, onDisk]) {
    if (candidate && candidate.epoch > (best?.epoch ?? 0) && candidate.epoch <= request.targetEpochs) best = candidate;
  }
  return best === request.resumeFrom ? request : { ...request, resumeFrom: best };
}

async function newestStoredCheckpoint(location: string, request: TrainRequest): Promise<CheckpointRef | undefined> {
  const epochs = (await openArtifactStore(location).listCheckpoints(request.searchId, request.trialId)).filter((e) => e <= request.targetEpochs);
  if (epochs.length === 0) return undefined;
  const epoch = Math.max(...epochs);
  return { uri: checkpointUri(request.searchId, request.trialId, epoch), epoch };
}

/** Metrics of epochs an earlier attempt trained belong to this job's history too. */
function withEarlierEpochs(result: TrainResult, previous: TrainHeartbeat | undefined): TrainResult {
  if (!previous?.history.length) return result;
  const fresh = new Set(result.history.map((m) => m.epoch));
  const earlier = previous.history.filter((m) => !fresh.has(m.epoch) && m.epoch <= result.epochsDone);
  return { ...result, history: [...earlier, ...result.history].sort((a, b) => a.epoch - b.epoch) };
}

/** An audit trail per trial: one record per attempt, so retries and resumptions can be checked. */
async function recordAttempt(location: string, request: TrainRequest, attempt: number, startEpoch: number, attached = false): Promise<void> {
  const line = { at: new Date().toISOString(), attempt, startEpoch, targetEpochs: request.targetEpochs, pid: process.pid, ...(attached ? { attached: true } : {}) };
  // Local stores keep it as <search>/<trial>/attempts.jsonl.
  await openArtifactStore(location).appendRecord(request.searchId, request.trialId, 'attempts', line);
}

function asFailure(err: unknown, ctx?: Context): unknown {
  if (ctx?.cancellationSignal.aborted) return ctx.cancellationSignal.reason ?? err;
  if (err instanceof ApplicationFailure) return err;
  if (err instanceof Error) {
    const nonRetryable = (err as { nonRetryable?: unknown }).nonRetryable === true;
    // An error from inside the trainer child keeps its own type (DivergenceError, ...), so the
    // workflow and the user can tell the failures apart.
    const name = err instanceof TrainingError ? err.causeName : err.name;
    const type = isStoreOutage(name, nonRetryable) ? STORE_UNAVAILABLE_TYPE : name;
    return ApplicationFailure.create({ message: err.message, type, nonRetryable, cause: err });
  }
  return err;
}

/**
 * An artifact store that did not answer, whoever called it: the trainer names it so itself
 * for checkpoint reads; a checkpoint write, a log append or this activity's own listing fail
 * with the store's plain ArtifactError (store/errors.ts; matched by name, as it comes back from
 * a trainer child), retryable unless the store refused for good: a bad key, a missing or
 * corrupt checkpoint are subclasses marked non-retryable.
 */
function isStoreOutage(name: string, nonRetryable: boolean): boolean {
  return !nonRetryable && (name === STORE_UNAVAILABLE_TYPE || name === 'ArtifactError');
}

/**
 * The retry policy is the long store outage schedule (contracts/training-retry.ts); any other
 * retryable failure ends the trial at attempt TRAINING_FAILURE_ATTEMPTS, as it always did, so a
 * trainer that keeps crashing does not train for minutes more.
 */
function withinRetryBudget(err: unknown, attempt: number): unknown {
  if (!(err instanceof ApplicationFailure) || err.nonRetryable === true) return err;
  if (err.type === STORE_UNAVAILABLE_TYPE || attempt < TRAINING_FAILURE_ATTEMPTS) return err;
  return ApplicationFailure.create({
    message: err.message,
    type: err.type ?? undefined,
    nonRetryable: true,
    details: err.details ?? undefined,
    ...(err.cause !== undefined ? { cause: err.cause } : {}),
  });
}
