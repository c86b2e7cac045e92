import type { EpochMetrics } from '../contracts/training';
import type { WeightMap } from '../contracts/weight-map';

// Shared vocabulary of the pure NAS domain. Everything here is plain JSON-serialisable data:
// it travels through Temporal workflow history, so no classes, no functions, no tensors.

/**
 * A family's description of one network (its genotype): plain JSON tagged with the family's
 * `space.type`. Each family defines its own form (domain/spaces/<family>/types.ts) and compiles
 * it to the architecture graph the trainer builds.
 */
export interface Architecture {
  type: string;
}

/**
 * What a finished evaluation tells a strategy. `value` is the objective, higher is better.
 * 'duplicate': the proposal was a network already evaluated in this search (same canonical
 * hash) and was not trained again; it carries the earlier trial's value when the strategy was
 * already told that trial's outcome, and names it in `duplicateOf`.
 */
export interface Observation {
  state: 'complete' | 'pruned' | 'failed' | 'duplicate';
  /** Validation accuracy at the highest fidelity reached; absent when the trial failed. */
  value?: number;
  /** Epochs the value was measured at, so strategies may weigh fidelities. */
  epochs?: number;
  /** For 'duplicate': the trial that evaluated this network. */
  duplicateOf?: string;
  /** Metrics of the last epoch trained (of the original, for a duplicate told with a value). */
  metrics?: EpochMetrics;
  /** Trainable parameters and FLOPs of the network, for cost-aware and multi-objective strategies. */
  params?: number;
  flops?: number;
  /**
   * The learning curve: metrics of every epoch trained, in order. Passed to `tell` only; the
   * shared trial ledger does not keep it (the engine's trial records do), so a strategy that
   * learns from curves keeps what it needs in its own state.
   */
  curve?: EpochMetrics[];
  /**
   * fidelity.resource "subset" or "scale": [amount, validation accuracy] at the end of each rung
   * the trial trained, in order (the amount: training samples, or the width factor). Every rung
   * trains the same epochs there, so the curve's epochs cannot tell its fidelities apart; a
   * strategy that models fidelities (bohb) keys on these instead. Absent for epoch rungs.
   */
  budgets?: [number, number][];
}

/** What a strategy's ask returns: the architecture to evaluate and where it came from. */
export interface Proposal<A extends Architecture = Architecture> {
  architecture: A;
  /** The trial this one was derived from (mutation, morphism), absent for fresh draws. */
  parentId?: string;
  /**
   * Set when the proposal repeats a network this strategy proposed before, saying why (e.g. a
   * small space ran out of new networks). Strategies never repeat one silently; the engine
   * records a repeat of an evaluated network as a duplicate either way.
   */
  repeatReason?: string;
  /**
   * Set when the architecture is the parent's (`parentId`) changed by a network morphism: the
   * child is to start from the parent's trained weights through `weightMap`.
   */
  morphism?: ProposalMorphism;
}

/** The origin of a morphism's child: which operator, where, and how its weights derive. */
export interface ProposalMorphism {
  operator: string;
  /** Where in the parent it was applied, e.g. "n3" or "n1>n4". */
  site: string;
  /** False for approximate operators (shrinking): the child only approximates its parent. */
  exact: boolean;
  weightMap: WeightMap;
}
