// Records the search keeps about its trials. Plain JSON: they live in workflow state and
// travel through continueAsNew, queries and results.
import type { TrialPage } from './trial-page';
import type { Architecture } from '../types';
import type { EarlyStopRecord } from '../schedulers/scheduler';
import type { ArchitectureGraph } from '../../contracts/graph';
import type { SearchConfig } from '../config/search-config';
import type { BackendInfo, CheckpointRef, EpochMetrics, TrainResult, TrainingPath } from '../../contracts/training';
import type { ParetoFrontView } from './front';
import type { WeightMap } from '../../contracts/weight-map';
import type { MorphismStep } from './morphism-steps';
import type { TrialArchive } from './archive';

/**
 * 'pending': queued to train. 'waiting': trained to its rung and waiting for its scheduler to
 * promote or prune it (successive halving: until the rung is complete; asha: until it ranks in
 * the top 1/eta of its rung's results, or the search ends and prunes it). 'duplicate': the
 * proposal repeated a network evaluated earlier in the search and was not trained.
 */
export type TrialStatus = 'pending' | 'running' | 'waiting' | 'completed' | 'pruned' | 'failed' | 'stopped' | 'duplicate';

/** One stretch of training of a trial: a rung's job, possibly resumed after a retry. */
export interface TrainingSegment {
  rung: number;
  fromEpoch: number;
  toEpoch: number;
  /** Activity attempt that finished the segment (1 unless a worker died or the trainer crashed). */
  attempt: number;
  /** Epoch the finishing attempt started from: above fromEpoch when it resumed a checkpoint. */
  resumedFromEpoch: number;
  wallTimeMs: number;
  /** fidelity.resource "subset": the training samples this stretch trained on. */
  subset?: number;
  /** fidelity.resource "scale": the width factor of the model this stretch trained (a new model at each rung). */
  scale?: number;
  /**
   * With subset or scale: validation accuracy at the stretch's end. The history cannot give it
   * later for scale, whose history restarts with each new model.
   */
  valAccuracy?: number;
}

export interface TrialRecord {
  trialId: string;
  bracket: number;
  architecture: Architecture;
  /** Canonical hash of the compiled network (domain/graph/hash.ts); absent in records from before it existed. */
  hash?: string;
  /** The trial this one was derived from, when the strategy says so. */
  parentId?: string;
  /** For a duplicate: the trial that evaluated the same network. */
  duplicateOf?: string;
  /** A network morphism's child: how it derives from `parentId` and where it started. */
  morphism?: TrialMorphism;
  description: string;
  seed: number;
  status: TrialStatus;
  /** Highest rung reached (the one running, or the last one finished). */
  rung: number;
  epochs: number;
  checkpoint?: CheckpointRef;
  /** Every epoch's metrics across all rungs, in order. */
  history: EpochMetrics[];
  /** Metrics of the last finished epoch. */
  metrics?: EpochMetrics;
  params?: number;
  flops?: number;
  wallTimeMs: number;
  backend?: BackendInfo;
  /**
   * The training step (graph or eager, and why not the graph) of the trial's latest training;
   * absent in records from before it was kept and for trainings that run no step (tabular).
   */
  trainingPath?: TrainingPath;
  segments: TrainingSegment[];
  error?: string;
  /** Set when learning-curve extrapolation stopped the trial (fidelity.earlyStop): where, and the prediction. */
  earlyStop?: EarlyStopRecord;
  /** Type of the error that failed the trial (DivergenceError, OutOfMemoryError, ...). */
  errorType?: string;
  /** Set while a failed trial trains again on the user's request (nas retry). */
  retrying?: boolean;
}

/** A morphism step as the search records it (status, result, Web UI). */
export interface TrialMorphism {
  operator: string;
  site: string;
  exact: boolean;
  /** The parent's checkpoint the child inherits from (absent: the parent had none; trained from scratch). */
  parentCheckpoint?: CheckpointRef;
  /** Kept until the child has a checkpoint of its own, then dropped to keep the state small. */
  weightMap?: WeightMap;
  /** The child's validation at epoch 0, right after inheriting. */
  inherited?: { valLoss: number; valAccuracy: number };
  /** Set when the parent's checkpoint did not read back: the child trained from fresh weights; why. */
  parentUnreadable?: string;
}

/** What the training activity returns, as far as the search needs it. */
export type JobResult = Pick<TrainResult, 'epochsDone' | 'checkpoint' | 'history' | 'final' | 'params' | 'flops' | 'wallTimeMs' | 'backend' | 'trainingPath' | 'inherited' | 'inheritFallback'> & {
  /** Activity attempt that produced the result, and the epoch it started from. */
  attempt?: number;
  startEpoch?: number;
};

export interface SearchState {
  config: SearchConfig;
  strategy: unknown;
  /** The scheduler's own JSON state (its type is config.fidelity.type). */
  scheduler: unknown;
  /** Trials not moved to the trial store yet (all of them in searches from before it). */
  trials: TrialRecord[];
  /** What the search keeps of the trials in the trial store (absent before it existed). */
  archive?: TrialArchive;
  stopRequested: boolean;
  /** Paused by the user: nothing new starts (absent in snapshots from before pausing existed). */
  paused?: boolean;
  /** Failed trials queued to train again. */
  retries?: string[];
  /** Epoch milliseconds when the search (its first run) started. */
  startedAt: number;
  /** Workflow runs so far; grows by one at each continueAsNew. */
  generation: number;
}

export type SearchStatus = 'running' | 'completed' | 'stopped' | 'failed';

export interface LeaderboardEntry {
  trialId: string;
  valAccuracy: number;
  valLoss: number;
  epochs: number;
  rung: number;
  params?: number;
  description: string;
}

export interface SearchProgress {
  status: SearchStatus;
  /** True while paused (nas pause): trainings in flight finish, nothing new starts. */
  paused?: boolean;
  trialsDone: number;
  /**
   * Trials trained to a rung that wait for a promotion (asha keeps them until it promotes or,
   * at the end, prunes them); neither queued nor done. Absent in progress from before it existed.
   */
  trialsWaiting?: number;
  /** Proposals that repeated an evaluated network and were not trained (not counted in the budget). */
  duplicates: number;
  trialsStarted: number;
  trialsTotal: number;
  running: { trialId: string; rung: number; targetEpochs: number; subset?: number; scale?: number }[];
  /** Each rung's value, in the unit of `resource`. */
  rungs: number[];
  /** fidelity.resource when not "epochs": "subset" (rungs in training samples) or "scale" (width factors). */
  resource?: string;
  brackets: { index: number; rung: number; contenders: number; complete: boolean }[];
  best?: LeaderboardEntry;
  leaderboard: LeaderboardEntry[];
  /** With a multi-objective strategy (`pareto`): the Pareto front of the completed trials. */
  front?: ParetoFrontView;
  /** The latest morphism steps (parent, operator, child, start and epochs after inheriting); absent without any. */
  morphisms?: MorphismStep[];
  backend?: BackendInfo;
  startedAt: number;
  elapsedMs: number;
  generation: number;
  /** With a page request (status query): that page of the trials the workflow still holds. */
  page?: TrialPage;
}

export interface SearchResult {
  searchId: string;
  status: SearchStatus;
  best?: {
    trialId: string;
    architecture: Architecture;
    /** The network the trainer built for it. */
    graph: ArchitectureGraph;
    description: string;
    metrics: EpochMetrics;
    params?: number;
    flops?: number;
    epochs: number;
  };
  trials: {
    trialId: string;
    status: TrialStatus;
    hash?: string;
    parentId?: string;
    duplicateOf?: string;
    /** A morphism's child: the step that made it (see morphism-steps.ts). */
    morphism?: MorphismStep;
    rung: number;
    epochs: number;
    metrics?: EpochMetrics;
    params?: number;
    flops?: number;
    description: string;
    architecture: Architecture;
    wallTimeMs: number;
    checkpoint?: CheckpointRef;
    /** Metrics of every epoch trained, across rungs. */
    history: EpochMetrics[];
    backend?: BackendInfo;
    /** Graph or eager step of the trial's latest training, and why not the graph (absent: not known). */
    trainingPath?: TrainingPath;
    segments: TrainingSegment[];
    error?: string;
    earlyStop?: EarlyStopRecord;
    errorType?: string;
  }[];
  /**
   * Set when trial records live in the trial store (searches since it exists): `trials` then
   * holds only those not stored yet, and `stored` more are at `location` (an artifact store);
   * client/search-client.ts searchResult() reads them all.
   */
  trialStore?: { location?: string; stored: number };
  /** With a page request (result query): `trials` is that page of the ones the workflow holds. */
  page?: Omit<TrialPage, 'trials'>;
  config: SearchConfig;
  /** With a multi-objective strategy (`pareto`): the Pareto front of the completed trials. */
  front?: ParetoFrontView;
  backend?: BackendInfo;
  startedAt: number;
  finishedAt: number;
}

/** One trial as the result reports it. */
export type ResultTrial = SearchResult['trials'][number];
