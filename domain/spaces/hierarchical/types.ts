// The hierarchical family's architectures (Liu et al. 2018b, "Hierarchical representations for
// efficient architecture search"): level-1 primitives (edge operations), level-2 motifs that are
// small DAGs over the primitives, and one level-3 motif, a DAG over the level-2 motifs, used as
// the cell of a macro skeleton.
import type { EdgeOp } from '../edge-ops';

/** No edge between two nodes of a motif. */
export const NONE = 'none';

/**
 * A motif as the lower triangle of its adjacency matrix: row j - 1 lists the operations on the
 * edges into node j from nodes 0, 1, ..., j - 1 ('none' where there is no edge). Node 0 is the
 * motif's input and the last node its output; every node has an input and reaches the output.
 */
export type MotifEdges<Op extends string> = Op[][];

/** A level-2 motif's edges carry primitives. */
export type Level2Motif = MotifEdges<EdgeOp | typeof NONE>;

/** The level-3 motif's edges carry a level-2 motif 'm<k>', 'identity' or 'none'. */
export type Level3Motif = MotifEdges<string>;

export interface HierarchicalArchitecture {
  type: 'hierarchical';
  motifs: Level2Motif[];
  cell: Level3Motif;
}
