// The scheduler seam, in the spirit of Optuna's pruners: the engine asks a scheduler what to
// train next and at which fidelity, and tells it every result. The scheduler owns the rungs,
// the promotions and the order in which the strategy hears outcomes; the engine owns the trial
// records and the strategy. Guarantees such as "a rung is resolved only when it is complete"
// belong to the schedulers that give them (successive halving, Hyperband), not to the engine.
import type { ConfigReader, Json } from '../config/reader';
import type { FidelitySection } from '../config/search-config';

/** Names a handed-out training: which trial, in which bracket, at which rung. */
export interface JobRef {
  trialId: string;
  bracket: number;
  rung: number;
}

export interface Job extends JobRef {
  /**
   * The rung's fidelity: with fidelity.resource "epochs", the total epochs the trial must have
   * when this job ends; with another resource, the rung's value in its unit (training samples,
   * width factor), which the engine turns into the training's epochs (domain/fidelity).
   */
  targetEpochs: number;
}

/** What a report changed, for the engine to update its trial records. */
export interface RungOutcome {
  promoted: string[];
  pruned: string[];
  /** Trials that finished the top rung of their bracket. */
  finished: string[];
  /** Trials stopped early by learning-curve extrapolation (fidelity.earlyStop), with why. */
  stopped?: Record<string, EarlyStopRecord>;
  /**
   * Trials whose next job was queued without a rung decision (early stopping's next step). Any
   * other trial that reported and is in none of these lists waits for its scheduler's decision.
   */
  continued?: string[];
}

/** What a stop records: where, what was predicted, against what. */
export interface EarlyStopRecord {
  epoch: number;
  /** Predicted validation accuracy at `atEpochs`. */
  predicted: number;
  atEpochs: number;
  threshold: number;
  /** Probability that the final accuracy would be below the threshold. */
  probabilityBelow: number;
}


/** New candidates the scheduler wants proposed now, together, as one group (a bracket). */
export interface NewTrialsRequest {
  count: number;
  bracket: number;
}

/** What progress views show of a scheduler. */
export interface SchedulerProgress {
  /** Epochs of each rung (of the widest bracket when brackets differ). */
  rungs: number[];
  brackets: { index: number; rung: number; contenders: number; complete: boolean }[];
}

/**
 * A scheduler is a pure state machine of its options and the calls it received, JSON state
 * included: `snapshot()` restored by its definition answers the next calls exactly as the
 * original would. Every method that takes a trial id throws on one it does not know.
 */
export interface Scheduler<S = unknown> {
  readonly type: string;
  /** New trials wanted now; undefined when none are (budget spent, or ordering forbids it yet). */
  wantNew(): NewTrialsRequest | undefined;
  /**
   * Hands over the trials proposed for the last `wantNew()`, in order. Fewer than asked means
   * the strategy ran dry: the budget ends with them (none: no group is opened).
   */
  addTrials(trialIds: string[]): void;
  /** The next job to run; undefined when none is ready now. */
  nextJob(): Job | undefined;
  /** Puts a handed-out job back (the search drained or was restored before it finished). */
  requeue(job: JobRef): void;
  /** Records a job's score (null when it failed for good) and says what that decided. */
  report(job: JobRef, score: number | null): RungOutcome;
  /** Trials whose outcome the strategy should hear now, in the order to tell them; each once. */
  takeTells(): string[];
  /**
   * Whether `takeTells()` already handed out this trial; false for one not handed over yet
   * (the engine asks about trials of the group it is still assembling).
   */
  isTold(trialId: string): boolean;
  /** True when no job and no new trial will ever come and every trial was told. */
  isFinished(): boolean;
  progress(): SchedulerProgress;
  /**
   * Raises the budget to `trials` new candidates in total (nas budget). Returns why it cannot,
   * or undefined; changes nothing unless `apply`. Optional: without it a running search's
   * budget stays as configured.
   */
  raiseBudget?(trials: number, apply: boolean): string | undefined;
  /**
   * The engine archived these settled trials and will ask nothing more about them: the
   * scheduler may drop what it kept of them (patch 'compact-state'). Optional: without it the
   * scheduler's state grows with the search.
   */
  forget?(trialIds: readonly string[]): void;
  /** Epochs a job at this bracket and rung trains to (for jobs requeued after a restore). */
  targetEpochs(job: JobRef): number;
  snapshot(): S;
}

/**
 * One `fidelity.type`: its option reader and its factories. A new scheduler is one file
 * exporting one of these plus one line in register-all.ts.
 */
export interface SchedulerDefinition {
  readonly type: string;
  /** One line for the README and error messages. */
  readonly doc: string;
  /** Keys this type accepts in the `fidelity` section (others are reported as unknown). */
  readonly keys: readonly string[];
  /**
   * Reads the `fidelity` section (its `type` is this one) with defaults filled in. Problems go
   * on `r`, each naming its `fidelity.*` key; the result must then not be used.
   */
  readOptions(section: Json, r: ConfigReader): FidelitySection;
  /**
   * The `strategy.type` that proposes this scheduler's new candidates, when the scheduler is
   * defined with one (BOHB is Hyperband with its own sampler); the config then defaults
   * `strategy.type` to it and refuses another.
   */
  readonly strategyType?: string;
  /** A fresh scheduler for a search of `trials` new candidates. */
  create(fidelity: FidelitySection, trials: number): Scheduler;
  /** The scheduler a `snapshot()` was taken from. */
  restore(fidelity: FidelitySection, state: unknown): Scheduler;
}
