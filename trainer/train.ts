// The training loop of one TrainRequest, run inside a trainer child process (never on the
// caller's event loop). Each epoch: seeded shuffle, one pass of model.fit without tfjs's own
// (Math.random) shuffling, validation, atomic checkpoint, progress. Everything allocated on
// the backend is disposed before returning, because the process serves trial after trial.
import * as tf from '@tensorflow/tfjs';
import { backendNameOf } from './backend';
import { deleteCheckpoint, saveCheckpoint } from './checkpoint';
import { resumeModel } from './resume';
import { describeFallback, describeInheritFallback } from './resume-fallback';
import { trainingSplit } from './datasets';
import { disposeSplitTensors, shuffledForEpoch, splitTensors, type SplitTensors } from './dataset-tensors';
import { ArchitectureError, DivergenceError, InvalidTrainRequestError, TrainerError } from './errors';
import { buildModel, checkedCosts } from './model/build';
import { compileForClassification } from './model/compile';
import { applyWeightMap } from './morphism/inherit';
import { readParentWeights } from './morphism/parent';
import { epochLogger } from './epoch-log';
import type { BackendInfo, CheckpointRef, EpochMetrics, InheritFallback, TrainProgress, TrainRequest, TrainResult } from '../contracts/training';
import { validateTrainRequest } from './validate-request';
import { openGraphTrainer, type StepPathChoice } from './graph/select';
import type { GraphTrainer } from './graph/graph-trainer';
import { seededPermutation } from './permutation';

export interface TrainContext {
  artifactRoot: string;
  /** The backend this process selected; the request's choice must agree with it. */
  backend: BackendInfo;
  onProgress?: (progress: TrainProgress) => void;
  /** Graph or eager training step (trainer/graph/select.ts); default: NAS_TRAIN_STEP, else auto. */
  step?: StepPathChoice;
}

function checkBackend(request: TrainRequest, backend: BackendInfo): void {
  const running = backendNameOf(backend);
  if (request.backend !== 'auto' && request.backend !== running) {
    throw new InvalidTrainRequestError(
      `backend '${request.backend}' was requested, but this trainer runs '${running}' (${backend.package}); ` +
        `start the trainer pool with backend '${request.backend}' or send 'auto'`,
    );
  }
}

/** Scalar results of evaluate(), read back and disposed. */
async function validate(model: tf.LayersModel, data: SplitTensors, batchSize: number): Promise<[number, number]> {
  const out = model.evaluate(data.validation.x, data.validation.y, { batchSize }) as tf.Scalar[];
  try {
    const [loss, accuracy] = await Promise.all(out.map((t) => t.data()));
    return [loss[0], accuracy[0]];
  } finally {
    tf.dispose(out);
  }
}

async function fitOneEpoch(
  model: tf.LayersModel,
  data: SplitTensors,
  request: TrainRequest,
  epoch: number,
): Promise<{ loss: number; accuracy: number }> {
  const { x, y } = shuffledForEpoch(data.train, request.seed, epoch);
  try {
    const history = await model.fit(x, y, { epochs: 1, batchSize: request.training.batchSize, shuffle: false, verbose: 0 });
    // tfjs names the metric 'acc' when compiled with 'accuracy'.
    const accuracy = history.history.acc ?? history.history.accuracy;
    return { loss: Number(history.history.loss[0]), accuracy: Number(accuracy?.[0]) };
  } finally {
    tf.dispose([x, y]);
  }
}

/**
 * Training loss above this many times that of a uniform guess (ln of the class count) is taken
 * as divergence. tfjs clips probabilities at 1e-7, so an exploding network shows a loss stuck
 * near 16 rather than NaN; a network that merely learns slowly stays near 1x.
 */
export const DIVERGENCE_FACTOR = 4;

/** NaN, infinite or exploding loss: training further only wastes the slot, and a retry diverges again. */
function checkConverging(epoch: number, loss: number, valLoss: number, numClasses: number): void {
  const limit = DIVERGENCE_FACTOR * Math.log(Math.max(2, numClasses));
  if (![loss, valLoss].every(Number.isFinite) || loss > limit) {
    throw new DivergenceError(
      `training diverged at epoch ${epoch}: loss ${loss.toFixed(3)} (a uniform guess scores ${(limit / DIVERGENCE_FACTOR).toFixed(3)}), ` +
        `validation loss ${valLoss.toFixed(3)}; lower training.learningRate`,
    );
  }
}

/** Errors of tfjs while building or compiling a network that passed validation are the architecture's. */
function buildable<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof TrainerError) throw err;
    throw new ArchitectureError(`architecture: tfjs cannot build this network: ${(err as Error).message}`);
  }
}

/** Trains and disposes everything it allocated; the caller adds timing and memory figures. */
async function trainAndDispose(request: TrainRequest, context: TrainContext): Promise<Omit<TrainResult, 'wallTimeMs' | 'memory'>> {
  validateTrainRequest(request);
  checkBackend(request, context.backend);
  const split = trainingSplit(request.dataset);
  const model = buildable(() => buildModel(request.architecture, split.shape, split.numClasses, request.seed));
  let optimizer: tf.Optimizer | undefined;
  let data: SplitTensors | undefined;
  let graph: GraphTrainer | undefined;
  try {
    optimizer = buildable(() => compileForClassification(model, request.training));
    const flops = checkedCosts(request.architecture, split.shape, split.numClasses).flops;
    // Normally request.resumeFrom; an earlier checkpoint, or none, when that one is unreadable.
    const start = await resumeModel(context.artifactRoot, request, model);
    let checkpoint: CheckpointRef | undefined = start.checkpoint;
    let final: EpochMetrics | undefined = start.metrics;
    const startEpoch = start.checkpoint?.epoch ?? 0;
    data = splitTensors(split);
    let inherited: TrainResult['inherited'];
    let inheritFallback: InheritFallback | undefined;
    if (start.checkpoint === undefined && request.inheritFrom !== undefined) {
      // Epoch 0 of a morphism's child: the parent's weights through the weight map, and the
      // evaluation that shows the child starting where its parent stood. An unreadable parent
      // checkpoint leaves the fresh weights in place (trainer/morphism/parent.ts).
      const parent = await readParentWeights(context.artifactRoot, request.inheritFrom);
      inheritFallback = parent.fallback;
      if (parent.weights !== undefined) {
        applyWeightMap(model, request.architecture, request.inheritFrom.weightMap, parent.weights);
        const [valLoss, valAccuracy] = await validate(model, data, request.training.batchSize);
        inherited = { valLoss, valAccuracy };
      }
    }
    // The graph path (one TensorFlow call per batch) where it covers the model; it starts
    // from the state resumed or inherited above and hands it back before every checkpoint.
    const opened = openGraphTrainer(model, optimizer, split, context.backend, context.step);
    graph = opened.trainer;
    await graph?.pushState();
    const history: EpochMetrics[] = [];
    let fitSeconds = 0;
    const ids = { searchId: request.searchId, trialId: request.trialId };
    const logEpoch = epochLogger(context.artifactRoot, ids, startEpoch, request.targetEpochs);
    if (start.fallback !== undefined) await logEpoch('fallback', startEpoch, describeFallback(start.fallback));
    if (inheritFallback !== undefined) await logEpoch('fallback', startEpoch, describeInheritFallback(inheritFallback));
    for (let epoch = startEpoch + 1; epoch <= request.targetEpochs; epoch++) {
      await logEpoch('start', epoch);
      const epochStart = performance.now();
      const { batchSize } = request.training;
      const fit = graph !== undefined
        ? graph.fitEpoch(seededPermutation(data.train.count, request.seed + epoch), batchSize)
        : await fitOneEpoch(model, data, request, epoch);
      fitSeconds += (performance.now() - epochStart) / 1000;
      const [valLoss, valAccuracy] = graph !== undefined ? graph.evaluate(batchSize) : await validate(model, data, batchSize);
      await graph?.pullState();
      checkConverging(epoch, fit.loss, valLoss, split.numClasses);
      // Seconds of training and validation; checkpoint writing is excluded (it is I/O).
      const metrics: EpochMetrics = { epoch, ...fit, valLoss, valAccuracy, seconds: (performance.now() - epochStart) / 1000 };
      const saved = await saveCheckpoint(context.artifactRoot, ids, model, { epoch, optimizer: request.training.optimizer, metrics });
      await logEpoch('saved', epoch);
      // Keep only the newest checkpoint of this call, and the ones it was asked to start from
      // and did start from: those belong to earlier calls and may be referenced by the workflow.
      if (checkpoint !== undefined && checkpoint.uri !== request.resumeFrom?.uri && checkpoint.uri !== start.checkpoint?.uri) {
        await deleteCheckpoint(context.artifactRoot, checkpoint);
      }
      checkpoint = saved;
      final = metrics;
      history.push(metrics);
      context.onProgress?.({ trialId: request.trialId, epochsDone: epoch, targetEpochs: request.targetEpochs, checkpoint, metrics });
    }
    if (checkpoint === undefined || final === undefined) throw new Error('no epoch was trained and no checkpoint was given');
    return {
      trialId: request.trialId,
      epochsDone: checkpoint.epoch,
      checkpoint,
      history,
      final,
      ...(inherited !== undefined ? { inherited } : {}),
      ...(start.fallback !== undefined ? { resumeFallback: start.fallback } : {}),
      ...(inheritFallback !== undefined ? { inheritFallback } : {}),
      params: model.countParams(),
      flops,
      // Throughput of model.fit alone, the figure comparable across backends.
      samplesPerSecond: fitSeconds > 0 ? (data.train.count * history.length) / fitSeconds : 0,
      backend: context.backend,
      trainingPath: opened.path,
    };
  } finally {
    graph?.dispose();
    if (data !== undefined) disposeSplitTensors(data);
    model.dispose();
    optimizer?.dispose();
  }
}

/** Trains one request to its targetEpochs, checkpointing every epoch. */
export async function train(request: TrainRequest, context: TrainContext): Promise<TrainResult> {
  const started = performance.now();
  const result = await trainAndDispose(request, context);
  const wallTimeMs = performance.now() - started;
  // Measured after disposal and, where the process allows it (TrainerPool's children run
  // with --expose-gc), after a full garbage collection: the figure is then what the next
  // trial inherits, not garbage V8 has not yet bothered to collect, and the collection
  // itself keeps a long-lived trainer's footprint from creeping up between trials.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) gc();
  const { numTensors, numBytes } = tf.memory();
  return { ...result, wallTimeMs, memory: { numTensors, numBytes, rssBytes: process.memoryUsage().rss } };
}
