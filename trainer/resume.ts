// Where a training continues from. Normally the request's resumeFrom checkpoint; when that one
// cannot be read back (a trainer or machine crashed while it was written, disk trouble), the
// newest earlier checkpoint of the trial that still reads, else fresh weights. Unreadable
// checkpoints are removed so the epochs retrained over them can be saved again (the store
// keeps the first complete write of a uri). The training goes on instead of failing, and its
// result says what was skipped and why (TrainResult.resumeFallback).
import type * as tf from '@tensorflow/tfjs';
import { loadCheckpoint } from './checkpoint';
import { checkpointUri } from './checkpoint-paths';
import { StoreUnavailableError, UnreadableCheckpointError } from './errors';
import { EPOCH_LOG } from './epoch-log';
import type { ArtifactStore } from '../store';
import { openArtifactStore } from '../store';
import type { CheckpointRef, EpochMetrics, ResumeFallback, TrainRequest } from '../contracts/training';

export interface ResumePoint {
  /** The checkpoint loaded into the model; undefined: fresh weights. */
  checkpoint?: CheckpointRef;
  /** Its epoch's metrics. */
  metrics?: EpochMetrics;
  fallback?: ResumeFallback;
}

export async function resumeModel(artifactRoot: string, request: TrainRequest, model: tf.LayersModel): Promise<ResumePoint> {
  const requested = request.resumeFrom;
  if (requested === undefined) return {};
  const unreadable: ResumeFallback['unreadable'] = [];
  const tryLoad = async (ref: CheckpointRef): Promise<EpochMetrics | undefined> => {
    try {
      return await loadCheckpoint(artifactRoot, ref, model, request.training.optimizer);
    } catch (err) {
      // Nothing was loaded into the model yet: reading fails before any weight is set.
      if (!(err instanceof UnreadableCheckpointError)) throw err;
      unreadable.push({ uri: ref.uri, reason: err.message });
      return undefined;
    }
  };
  const metrics = await tryLoad(requested);
  if (metrics !== undefined) return { checkpoint: requested, metrics };

  const store = openArtifactStore(artifactRoot);
  const listed = await store.listCheckpoints(request.searchId, request.trialId);
  if (listed.length === 0) await refuseForeignStore(store, artifactRoot, request, requested);
  const earlier = listed.filter((e) => e < requested.epoch).sort((a, b) => b - a);
  let resumed: ResumePoint = {};
  for (const epoch of earlier) {
    const ref = { uri: checkpointUri(request.searchId, request.trialId, epoch), epoch };
    const loaded = await tryLoad(ref);
    if (loaded !== undefined) {
      resumed = { checkpoint: ref, metrics: loaded };
      break;
    }
  }
  for (const { uri } of unreadable) await store.deleteCheckpoint(uri);
  return { ...resumed, fallback: { requested, ...(resumed.checkpoint ? { resumedFrom: resumed.checkpoint } : {}), unreadable } };
}

/**
 * A store that holds nothing of the trial, neither a checkpoint nor a line of its epoch log,
 * although the search recorded a checkpoint of it, is not the store the trial trained into: a
 * shared folder unmounted (its empty mount point left behind) or a worker given another
 * NAS_ARTIFACTS. Starting from fresh weights there would retrain in the wrong place; it is an
 * outage instead, retried until the store is back. One lost checkpoint still falls back (the
 * epoch log, appended and synced at every epoch, is there).
 */
async function refuseForeignStore(store: ArtifactStore, artifactRoot: string, request: TrainRequest, requested: CheckpointRef): Promise<void> {
  if ((await store.readRecords(request.searchId, request.trialId, EPOCH_LOG)).length > 0) return;
  throw new StoreUnavailableError(
    `checkpoint '${requested.uri}': the artifact store at ${artifactRoot} holds nothing of trial ${request.trialId} (no checkpoint, no epoch log), though the search recorded this checkpoint: ` +
      'it is not the store the trial trained into (a shared folder not mounted? another NAS_ARTIFACTS?). Not restarting from scratch there: mount or point NAS_ARTIFACTS at that store',
  );
}
