// Contract between the search (workflow side) and the trainer (tfjs side): what a training is
// asked to do and what it reports. All plain JSON: requests and results cross a process
// boundary and workflow history.
import type { ArchitectureGraph } from './graph';
import type { BackendChoice, DatasetName, OptimizerName } from './names';
import type { InheritSpec } from './weight-map';

export interface BackendInfo {
  /** tfjs backend name as tf.getBackend() reports it ('tensorflow', 'wasm', 'cpu'). */
  name: string;
  /** Which package provided it, e.g. '@tensorflow/tfjs-node-gpu' or '@tensorflow/tfjs-backend-wasm'. */
  package: string;
  /** Version of that package, and of the TensorFlow C library when native. */
  version: string;
  tensorflowVersion?: string;
  gpu: boolean;
}

export interface DatasetConfig {
  name: DatasetName;
  trainSize: number;
  validationSize: number;
  /** For 'idx' and 'cifar10': directory (or files) on disk; nothing is fetched at run time. */
  path?: string;
  /** Seed of the train/validation split (defaults to the search seed). */
  splitSeed?: number;
  /**
   * Train on the training and the validation samples together (a retraining before export,
   * once the search has chosen). The per-epoch validation figures are then measured on samples
   * the model trained on: they are no longer an estimate of accuracy on unseen data.
   */
  trainOnValidation?: boolean;
  /**
   * Train on the first `subset` samples of the training split only (a search's fidelity.resource
   * "subset"); the split, and so the validation set, stay those of trainSize. Absent: all of them.
   */
  subset?: number;
  /** For 'tabular': the table that answers (data/tabular/<table>.json; the first one when absent). */
  table?: string;
}

export interface TrainingConfig {
  batchSize: number;
  learningRate: number;
  optimizer: OptimizerName;
}

/** Where a checkpoint lives, relative to the artifact root, and how many epochs it holds. */
export interface CheckpointRef {
  uri: string;
  epoch: number;
}

export interface EpochMetrics {
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss: number;
  valAccuracy: number;
  seconds: number;
}

export interface TrainRequest {
  searchId: string;
  trialId: string;
  /** The network to build (the search space compiles its architectures to this graph). */
  architecture: ArchitectureGraph;
  dataset: DatasetConfig;
  training: TrainingConfig;
  /** Seeds weight initialisation and batch shuffling (epoch e shuffles with seed + e). */
  seed: number;
  /** Train until this many epochs in total have been done. */
  targetEpochs: number;
  /** Continue from this checkpoint (its epoch count) instead of from fresh weights. */
  resumeFrom?: CheckpointRef;
  /**
   * A child of a network morphism: before epoch 1, initialise from the parent's checkpoint
   * through the weight map. Ignored when `resumeFrom` is set: a child that already trained
   * (and, after a crash, resumes) continues from its own checkpoint, never its parent's.
   */
  inheritFrom?: InheritSpec;
  backend: BackendChoice;
}

export interface TrainProgress {
  trialId: string;
  epochsDone: number;
  targetEpochs: number;
  checkpoint: CheckpointRef;
  metrics: EpochMetrics;
}

export interface TrainingPath {
  /** 'graph': whole-step TensorFlow graphs (trainer/graph/); 'eager': tfjs model.fit. */
  step: 'graph' | 'eager';
  reason?: string;
}

/**
 * A resume whose checkpoint could not be read back (crash mid-write, disk trouble): the
 * training went on from the newest earlier readable checkpoint, or from fresh weights.
 */
export interface ResumeFallback {
  /** The request's resumeFrom. */
  requested: CheckpointRef;
  /** Where training went on from instead; absent: fresh weights (epoch 0). */
  resumedFrom?: CheckpointRef;
  /** Every checkpoint tried and skipped (then removed, so its epoch can be saved again), newest first. */
  unreadable: { uri: string; reason: string }[];
}

/**
 * A morphism's child whose parent checkpoint could not be read back (truncated or corrupt,
 * missing): the child trained from fresh weights instead of failing, as a resume falls back.
 */
export interface InheritFallback {
  /** The request's inheritFrom.checkpoint (left in place: it is the parent's, not the child's). */
  requested: CheckpointRef;
  parentTrialId: string;
  /** Why it could not be read. */
  reason: string;
}

export interface TrainResult {
  trialId: string;
  epochsDone: number;
  checkpoint: CheckpointRef;
  /** Metrics of the epochs trained in this call only (earlier ones are in earlier results). */
  history: EpochMetrics[];
  final: EpochMetrics;
  /**
   * When the call initialised from a parent (`inheritFrom`): the child's validation loss and
   * accuracy at epoch 0, right after inheriting and before any training.
   */
  inherited?: { valLoss: number; valAccuracy: number };
  params: number;
  /** Multiply-accumulates x2 of one forward pass of one sample. */
  flops: number;
  wallTimeMs: number;
  samplesPerSecond: number;
  backend: BackendInfo;
  /** Which training step ran (trainer/graph/select.ts) and, for eager, why not the graph. */
  trainingPath?: TrainingPath;
  /** Set when resumeFrom could not be read and the training fell back (see ResumeFallback). */
  resumeFallback?: ResumeFallback;
  /** Set when inheritFrom's checkpoint could not be read and the child started fresh (see InheritFallback). */
  inheritFallback?: InheritFallback;
  /** Trainer process state after the run, to watch for leaks across trials. */
  memory?: { numTensors: number; numBytes: number; rssBytes: number };
}
