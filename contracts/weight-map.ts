// How a child network's weights derive from its parent's after a network morphism: plain data
// made by domain/morphisms (pure, testable) and applied to tensors by trainer/morphism, which
// matches layers by node id. It travels in a TrainRequest, so it is JSON.
import type { CheckpointRef } from './training';

/**
 * Initialisation of one child node.
 * - 'inherit': the parent node `from`'s weights, re-indexed where the morphism changed channels:
 *   `outChannels[j]` is the parent output channel (or unit) that child channel j copies
 *   (Net2WiderNet replication, or filter removal); `inChannels[j]` the parent input channel that
 *   child input channel j reads, `null` for a new channel that meets zero weights; `inScale[j]`
 *   multiplies the weights of child input channel j (1/replicas after a widening, so the sum
 *   over replicas is unchanged); `padKernelTo` zero-pads a square kernel to a larger odd size
 *   (centred, so a 'same' convolution computes the same); `inNoise` adds noise to replicated
 *   input channels that sums to zero over each group of replicas (breaks their symmetry while
 *   the function is kept up to rounding).
 * - 'identity': a convolution (or dense layer) that passes its input through: centre tap the
 *   identity matrix, bias zero, batch normalisation passing through.
 * - 'zero': every weight zero and batch normalisation's scale zero: the node outputs zeros.
 */
export type NodeInit =
  | {
      kind: 'inherit';
      from: string;
      outChannels?: number[];
      inChannels?: (number | null)[];
      inScale?: number[];
      padKernelTo?: number;
      inNoise?: { stddev: number; seed: number };
    }
  | { kind: 'identity' }
  | { kind: 'zero' };

export interface WeightMap {
  /** Per child node id; a node with weights that is absent here starts from fresh weights. */
  nodes: Record<string, NodeInit>;
  /** False for approximate morphisms (shrinking): the child only approximates its parent. */
  exact: boolean;
}

/** "Initialise from this checkpoint through this weight map" (a training's epoch 0 only). */
export interface InheritSpec {
  /** The parent trial, for the record. */
  parentTrialId: string;
  /** The parent's checkpoint (an artifact reference: weights never travel in requests). */
  checkpoint: CheckpointRef;
  weightMap: WeightMap;
  /** The morphism that made the child, for the record. */
  operator: string;
}
