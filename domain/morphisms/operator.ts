// A network morphism: a change of architecture that keeps (or, for the approximate ones,
// nearly keeps) the function the network computes, so the child starts from its parent's
// trained weights. Pure: it edits the architecture graph and describes the weight
// transformation as data (contracts/weight-map.ts); trainer/morphism applies it to tensors.
// One operator per file, one line in register-all.ts.
import type { ArchitectureGraph, FeatureShape } from '../../contracts/graph';
import type { WeightMap } from '../../contracts/weight-map';
import type { Rng } from '../rng';

/** What shapes depend on: the dataset's sample shape and class count. */
export interface MorphismContext {
  inputShape: FeatureShape;
  numClasses: number;
}

export interface MorphismOptions {
  /**
   * Widening only: relative standard deviation of the noise added to replicated units'
   * outgoing weights (0: exact replicas). The noise sums to zero over each group of replicas.
   */
  widenNoise?: number;
}

export interface MorphismResult {
  /** The child network (a new object; the parent is not modified). */
  graph: ArchitectureGraph;
  /** How each child node's weights derive from the parent's. */
  weightMap: WeightMap;
  operator: string;
  /** Where it was applied, e.g. "n3" or "n1>n4". */
  site: string;
}

export interface MorphismOperator {
  readonly name: string;
  /** One line for docs. */
  readonly doc: string;
  /** True when the child computes exactly the parent's function (up to float rounding). */
  readonly exact: boolean;
  /** The space families whose graphs it is meant for (and is property-tested on). */
  readonly families: readonly string[];
  /** Every place in `graph` where the operator applies, in a fixed order; empty when none. */
  sites(graph: ArchitectureGraph, ctx: MorphismContext): string[];
  /** Applies the operator at one of `sites`; `rng` draws its free choices (widths, sizes). */
  apply(graph: ArchitectureGraph, site: string, ctx: MorphismContext, rng: Rng, options?: MorphismOptions): MorphismResult;
}

/** The built-in families every operator here handles. */
export const ALL_FAMILIES = ['chain', 'multibranch', 'cell', 'hierarchical'] as const;
