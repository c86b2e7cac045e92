// The one architecture representation every search-space family compiles to, and the only one
// the trainer builds: a directed acyclic graph of operations. Plain JSON, so it travels through
// workflow history, IPC and checkpoints; domain/graph validates it and computes its shapes,
// costs and canonical hash, trainer/model builds it with the tfjs functional API.

/** Value of one operation parameter. */
export type ParamValue = number | string | boolean;

/** How a node combines several inputs before applying its operation. */
export const MERGES = ['sum', 'concat'] as const;
export type Merge = (typeof MERGES)[number];

export interface GraphNode {
  /**
   * Stable identity: unique in the graph, unchanged when other nodes are inserted or removed.
   * tfjs layer names derive from it, so weights are matched between related architectures by
   * node id, never by position.
   */
  id: string;
  /** A registered operation (domain/ops), e.g. 'conv', 'maxpool', 'identity', 'head'. */
  op: string;
  /** The operation's parameters (its registry entry lists the fields and their values). */
  params: Record<string, ParamValue>;
  /** Ids of the nodes whose outputs feed this one; empty only for the 'input' node. */
  inputs: string[];
  /** Required with two or more inputs: element-wise sum, or concatenation along channels. */
  merge?: Merge;
}

/**
 * A network from one 'input' node to one 'head' node (the classifier, whose class count comes
 * from the dataset at build time). Nodes may be listed in any order; validation checks that
 * the graph is acyclic and that every node reaches the head.
 */
export interface ArchitectureGraph {
  nodes: GraphNode[];
}

/** Feature shape of one sample: [height, width, channels] while spatial, [units] once flat. */
export type FeatureShape = [number, number, number] | [number];
