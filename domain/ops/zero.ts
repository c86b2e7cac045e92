// The zero operation: an edge that carries nothing. Families compile it away by dropping the
// edge; as a node it outputs zeros of the strided input shape, so a graph that keeps it (a
// one-shot model's candidate edge, say) still builds and adds nothing to a sum.
import type { OperationDef } from './operation';
import { STRIDES, strideSuffix } from './conv-family';
import { sameOut, spatial } from './shape-math';

export const zero: OperationDef = {
  name: 'zero',
  doc: 'zero: no edge (outputs zeros of the strided input shape)',
  fields: { strides: STRIDES },
  accepts: 'spatial',
  outputShape(input, params) {
    const [h, w, c] = spatial(input, 'zero');
    const s = params.strides as number;
    return [sameOut(h, s), sameOut(w, s), c];
  },
  paramCount: () => 0,
  macs: () => 0,
  describe: (params) => `zero${strideSuffix(params.strides as number)}`,
};
