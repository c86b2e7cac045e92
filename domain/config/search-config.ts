// The validated shape of a search configuration. `parseSearchConfig` (validate.ts) turns raw
// JSON/YAML into this, filling defaults, so everything downstream can trust every field.
import type { SpaceOptions } from '../spaces/family';
import type { StrategyOptions } from '../strategies/definition';
import type { BackendChoice, DatasetName, OptimizerName } from '../../contracts/names';

export interface DatasetSection {
  name: DatasetName;
  trainSize: number;
  validationSize: number;
  /** Folder holding the files, required for 'idx' and 'cifar10'. */
  path?: string;
  /** For 'tabular': which table answers the trainings (domain/tabular/spec.ts; the first one when absent). */
  table?: string;
}

/** `strategy.type` and that strategy's options, defaults filled in (see domain/strategies/registry.ts). */
export type StrategySection = StrategyOptions;

/** Options of the scheduler (`fidelity.type`, a registered scheduler; see domain/schedulers). */
export interface FidelitySection {
  type: string;
  minEpochs: number;
  maxEpochs: number;
  eta: number;
  /** New candidates per bracket: they are proposed together and compete in its rungs. */
  bracketSize: number;
  /** Learning-curve extrapolation around the scheduler (domain/schedulers/early-stop.ts); absent: off. */
  earlyStop?: EarlyStopOptions;
  /**
   * What a rung gives more of (domain/fidelity): absent for "epochs" (minEpochs..maxEpochs);
   * "subset" (training samples minSubset..maxSubset) and "scale" (filters x minScale..1) train
   * maxEpochs (= minEpochs = fidelity.epochs) epochs per rung.
   */
  resource?: string;
  minSubset?: number;
  maxSubset?: number;
  minScale?: number;
}

export interface EarlyStopOptions {
  /** The threshold is the k-th best final accuracy so far; nothing stops before k finals exist. */
  topK: number;
  /** Stop when P(final < threshold) reaches this. */
  probability: number;
  /** Curve points needed before predicting (at least 3). */
  minPoints: number;
  /** Epochs trained between two predictions. */
  every: number;
}


export interface TrainingSection {
  batchSize: number;
  learningRate: number;
  optimizer: OptimizerName;
  backend: BackendChoice;
}

export interface BudgetSection {
  /** New architectures to evaluate (promotions to higher rungs do not count again). */
  trials: number;
}

export interface SearchConfig {
  dataset: DatasetSection;
  /** The search space's family (`type`) and its options, defaults filled in by the family. */
  space: SpaceOptions;
  strategy: StrategySection;
  fidelity: FidelitySection;
  training: TrainingSection;
  budget: BudgetSection;
  /** Trainings in flight at once for this search. */
  concurrency: number;
  seed: number;
  /** Task queue of the training workers (lets GPU machines serve training alone). */
  trainingTaskQueue: string;
}
