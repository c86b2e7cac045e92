// How the trainer turns one graph node into tfjs layers: the counterpart, on the tfjs side, of
// an operation in domain/ops, registered under the same name. The node's main layer is named
// exactly after its id and helper layers `${id}_<role>`, so every weight of a node carries its
// id: weights are saved, loaded and inherited by node id.
import type * as tf from '@tensorflow/tfjs';
import type { GraphNode } from '../../../contracts/graph';

export interface BuildContext {
  /** The dataset's class count, for the head. */
  numClasses: number;
  /** A fresh initialiser seed; drawn in node order, so a graph always initialises the same way. */
  seed(): number;
}

export interface LayerBuilder {
  /** The operation's registered name (domain/ops). */
  readonly op: string;
  /** Applies the node's layers to its (merged) input and returns the node's output. */
  apply(node: GraphNode, input: tf.SymbolicTensor, ctx: BuildContext): tf.SymbolicTensor;
}
