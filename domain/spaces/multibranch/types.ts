// The multibranch family's architectures: a chain whose spatial layers may also read earlier
// outputs (skip connections), merged with the previous layer's output by sum (residual) or
// concatenation (DenseNet). A chain is the special case without skips.
import type { Merge } from '../../../contracts/graph';
import type { ChainLayer } from '../chain';

/**
 * A chain layer with its node id (n<i> for the i-th layer, 1-based: the choice program numbers
 * layers by position, and the family's moves never insert in the middle, so an id stays with
 * its layer) and, for a spatial layer, the earlier outputs merged into its input besides the
 * previous layer's: 'input' (the image) or another layer's id, in network order.
 */
export type MultibranchLayer = ChainLayer & {
  id: string;
  skips?: string[];
  /** Present exactly when `skips` is. */
  merge?: Merge;
};

export interface MultibranchArchitecture {
  type: 'multibranch';
  layers: MultibranchLayer[];
}
