// Where a training continues from. Normally the request's resumeFrom checkpoint; when that one
// cannot be read back (a trainer or machine crashed while it was written, disk trouble), the
// newest earlier checkpoint of the trial that still reads, else fresh weights. Unreadable
// checkpoints are removed so the epochs retrained over them can be saved again (the store
// keeps the first complete write of a uri). The training goes on instead of failing, and its
// result says what was skipped and why (TrainResult.resumeFallback).
import type * as tf from '@tensorflow/tfjs';
import { loadCheckpoint } from './checkpoint';
import { checkpointUri } from './checkpoint-paths';
import { UnreadableCheckpointError } from './errors';
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
  const earlier = (await store.listCheckpoints(request.searchId, request.trialId)).filter((e) => e < requested.epoch).sort((a, b) => b - a);
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
