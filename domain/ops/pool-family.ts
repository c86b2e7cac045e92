// Max and average pooling share everything but the reduction.
import type { OperationDef } from './operation';
import { STRIDES, strideSuffix } from './conv-family';
import { sameOut, spatial } from './shape-math';

export function poolOperation(name: 'maxpool' | 'avgpool', doc: string): OperationDef {
  return {
    name,
    doc,
    fields: {
      poolSize: { kind: 'choice', values: [2, 3], doc: 'square window size' },
      strides: STRIDES,
    },
    accepts: 'spatial',
    outputShape(input, params) {
      const [h, w, c] = spatial(input, name);
      const s = params.strides as number;
      return [sameOut(h, s), sameOut(w, s), c];
    },
    paramCount: () => 0,
    macs: () => 0,
    describe: (params) => `${name}${params.poolSize}${strideSuffix(params.strides as number)}`,
  };
}
