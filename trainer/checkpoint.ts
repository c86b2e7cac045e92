// Saving and restoring a trial's weights and optimiser state. Artifacts are captured with
// tf.io.withSaveHandler and written through the artifact store (store/: a folder or S3,
// written once, checksummed), so checkpoints work on every backend (tfjs-node's file://
// handler exists only on the native ones) and on workers that share no disk. A checkpoint
// holds a tfjs layers-model.json (topology + weightsManifest) and one weights.bin, so
// standard tfjs tooling can open it, plus a `nas` block with the epoch and its metrics.
// `artifactRoot` is the store's location (NAS_ARTIFACTS): a folder or s3://bucket/prefix.
import * as tf from '@tensorflow/tfjs';
import { readAdamBetaPowers, restoreAdamBetaPowers, type AdamBetaPowers } from './adam-state';
import { checkpointUri } from './checkpoint-paths';
import { ArtifactAccessError, ArtifactCorruptError, ArtifactError, ArtifactNotFoundError, openArtifactStore } from '../store';
import { CheckpointError, StoreUnavailableError, UnreadableCheckpointError } from './errors';
import type { CheckpointRef, EpochMetrics, TrainingConfig } from '../contracts/training';

const FORMAT = 'nas-checkpoint';
const FORMAT_VERSION = 1;
const WEIGHTS_FILE = 'weights.bin';
const MODEL_FILE = 'model.json';

/** What a checkpoint records about itself besides the tensors. */
interface CheckpointMeta {
  format: typeof FORMAT;
  formatVersion: number;
  epoch: number;
  optimizer: TrainingConfig['optimizer'];
  metrics: EpochMetrics;
  weightsBytes: number;
  /** Adam only: the bias-correction powers, which tfjs's optimizer weights do not include. */
  adam?: AdamBetaPowers;
}

interface ModelJson {
  modelTopology: tf.io.ModelArtifacts['modelTopology'];
  weightsManifest: tf.io.WeightsManifestConfig;
  nas: CheckpointMeta;
}

/**
 * Topology and weights as tfjs saves them, plus the optimiser's state in the 'optimizer'
 * weight group (Adam's moments and iteration count: without them a resumed trial would
 * restart Adam's bias correction and diverge from an uninterrupted one). We encode the
 * optimiser's weights ourselves rather than via save({includeOptimizer}) because
 * getWeights() returns a fresh iteration-count scalar that tfjs never disposes: one leaked
 * tensor per checkpoint.
 */
async function captureArtifacts(model: tf.LayersModel, optimizer: tf.Optimizer): Promise<{ specs: tf.io.WeightsManifestEntry[]; data: ArrayBuffer; topology: tf.io.ModelArtifacts['modelTopology'] }> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  if (captured === undefined) throw new Error('model.save did not call the save handler');
  const slots = await optimizer.getWeights();
  try {
    const encoded = await tf.io.encodeWeights(slots, 'optimizer');
    return {
      specs: [...(captured.weightSpecs ?? []), ...encoded.specs],
      data: tf.io.concatenateArrayBuffers([tf.io.CompositeArrayBuffer.join(captured.weightData), encoded.data]),
      topology: captured.modelTopology,
    };
  } finally {
    // Slots that are variables belong to the optimiser; anything else was made for us.
    tf.dispose(slots.map((slot) => slot.tensor).filter((t) => !(t instanceof tf.Variable)));
  }
}

export async function saveCheckpoint(
  artifactRoot: string,
  ids: { searchId: string; trialId: string },
  model: tf.LayersModel,
  meta: { epoch: number; optimizer: TrainingConfig['optimizer']; metrics: EpochMetrics },
): Promise<CheckpointRef> {
  if (model.optimizer == null) throw new Error('saveCheckpoint needs a compiled model');
  const artifacts = await captureArtifacts(model, model.optimizer);
  const weights = new Uint8Array(artifacts.data);
  const json: ModelJson = {
    modelTopology: artifacts.topology,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.specs }],
    nas: {
      format: FORMAT,
      formatVersion: FORMAT_VERSION,
      ...meta,
      weightsBytes: weights.byteLength,
      adam: await readAdamBetaPowers(model.optimizer),
    },
  };
  const uri = checkpointUri(ids.searchId, ids.trialId, meta.epoch);
  await openArtifactStore(artifactRoot).putCheckpoint(uri, { [WEIGHTS_FILE]: weights, [MODEL_FILE]: JSON.stringify(json) });
  return { uri, epoch: meta.epoch };
}

async function readCheckpoint(artifactRoot: string, ref: CheckpointRef): Promise<{ json: ModelJson; weights: ArrayBuffer }> {
  let json: ModelJson;
  let weights: Buffer;
  try {
    const files = await openArtifactStore(artifactRoot).getCheckpoint(ref.uri);
    if (files[MODEL_FILE] === undefined || files[WEIGHTS_FILE] === undefined) throw new Error(`it lacks ${MODEL_FILE} or ${WEIGHTS_FILE}`);
    json = JSON.parse(files[MODEL_FILE].toString('utf8')) as ModelJson;
    weights = files[WEIGHTS_FILE];
  } catch (err) {
    const message = `checkpoint '${ref.uri}' cannot be read: ${(err as Error).message}`;
    // A store that failed to answer says nothing about the bytes: retried if it may answer
    // later (network), failed if it never will (a key or location it refuses).
    if (err instanceof ArtifactError && !(err instanceof ArtifactCorruptError || err instanceof ArtifactNotFoundError)) throw storeFailure(err, message);
    throw new UnreadableCheckpointError(message);
  }
  const meta = json.nas;
  if (meta?.format !== FORMAT || meta.formatVersion !== FORMAT_VERSION) {
    throw new UnreadableCheckpointError(`checkpoint '${ref.uri}' is not a ${FORMAT} v${FORMAT_VERSION} folder`);
  }
  if (meta.epoch !== ref.epoch) {
    throw new UnreadableCheckpointError(`checkpoint '${ref.uri}' holds epoch ${meta.epoch}, but the reference says ${ref.epoch}`);
  }
  if (weights.byteLength !== meta.weightsBytes) {
    throw new UnreadableCheckpointError(`checkpoint '${ref.uri}': ${WEIGHTS_FILE} is ${weights.byteLength} bytes, expected ${meta.weightsBytes}`);
  }
  // A standalone ArrayBuffer: Buffers of small files are slices of a shared pool.
  const copy = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  return { json, weights: copy };
}

/**
 * Loads a checkpoint's weights into `model` (built from the same architecture and compiled
 * with the same optimiser type) and restores the optimiser's state. Returns the metrics of
 * the checkpoint's epoch.
 */
export async function loadCheckpoint(
  artifactRoot: string,
  ref: CheckpointRef,
  model: tf.LayersModel,
  optimizer: TrainingConfig['optimizer'],
): Promise<EpochMetrics> {
  const { json, weights } = await readCheckpoint(artifactRoot, ref);
  if (json.nas.optimizer !== optimizer) {
    throw new CheckpointError(`checkpoint '${ref.uri}' was trained with ${json.nas.optimizer}, the request uses ${optimizer}`);
  }
  const specs = json.weightsManifest.flatMap((group) => group.weights);
  const tensors = tf.io.decodeWeights(weights, specs);
  try {
    const modelWeights: tf.NamedTensorMap = {};
    const optimizerWeights: Parameters<tf.Optimizer['setWeights']>[0] = [];
    // Saved order is kept: optimisers match their slots to variables by position.
    for (const spec of specs) {
      if (spec.group === 'optimizer') optimizerWeights.push({ name: spec.name, tensor: tensors[spec.name] });
      else modelWeights[spec.name] = tensors[spec.name];
    }
    try {
      model.loadWeights(modelWeights, true);
    } catch (err) {
      throw new CheckpointError(`checkpoint '${ref.uri}' does not fit the requested architecture: ${(err as Error).message}`);
    }
    if (model.optimizer == null) throw new Error('loadCheckpoint needs a compiled model');
    await model.optimizer.setWeights(optimizerWeights);
    if (json.nas.adam !== undefined) restoreAdamBetaPowers(model.optimizer, json.nas.adam);
  } finally {
    // Variables took their own references to the data; these handles are no longer needed.
    tf.dispose(Object.values(tensors));
  }
  return json.nas.metrics;
}

/** A checkpoint's model weights (not the optimiser's) as plain arrays by name, e.g. 'n2/kernel'. */
export async function readModelWeights(artifactRoot: string, ref: CheckpointRef): Promise<Map<string, { data: Float32Array; shape: number[] }>> {
  const { json, weights } = await readCheckpoint(artifactRoot, ref);
  const specs = json.weightsManifest.flatMap((group) => group.weights);
  const tensors = tf.io.decodeWeights(weights, specs);
  try {
    const out = new Map<string, { data: Float32Array; shape: number[] }>();
    for (const spec of specs) {
      if (spec.group !== 'optimizer') out.set(spec.name, { data: tensors[spec.name].dataSync() as Float32Array, shape: [...spec.shape] });
    }
    return out;
  } finally {
    tf.dispose(Object.values(tensors));
  }
}

/**
 * A store error as the trainer reports it: retryable unless the store marked it otherwise; a
 * store that refuses this worker's settings keeps its type, so the trial says what to fix.
 */
function storeFailure(err: ArtifactError, message: string): Error {
  if (err instanceof ArtifactAccessError) return new ArtifactAccessError(message, { cause: err });
  return (err as { nonRetryable?: boolean }).nonRetryable === true ? new CheckpointError(message) : new StoreUnavailableError(message);
}

/** Removes a checkpoint (used for superseded intermediate epochs); readers see it whole or not at all. */
export async function deleteCheckpoint(artifactRoot: string, ref: CheckpointRef): Promise<void> {
  try {
    await openArtifactStore(artifactRoot).deleteCheckpoint(ref.uri);
  } catch (err) {
    if (err instanceof ArtifactError) throw storeFailure(err, `checkpoint '${ref.uri}' cannot be deleted: ${err.message}`);
    throw err;
  }
}
