// The classifier: a spatial input is reduced (flattened, or averaged over space), then a dense
// softmax layer gives one probability per class. Its class count comes from the dataset.
import type { OperationDef } from './operation';
import { flatSize } from './shape-math';

export const HEAD_POOLINGS = ['flatten', 'global-avg'] as const;

function features(input: readonly number[], pooling: unknown): number {
  // Global average pooling keeps one value per channel; a flat input is used as it is.
  return input.length === 3 && pooling === 'global-avg' ? input[2] : flatSize(input as [number]);
}

export const head: OperationDef = {
  name: 'head',
  doc: "classifier: flatten or global average pooling, then a softmax dense layer",
  fields: { pooling: { kind: 'choice', values: HEAD_POOLINGS, doc: 'how a spatial input is reduced' } },
  accepts: 'any',
  outputShape: (_input, _params, ctx) => [ctx.numClasses],
  paramCount: (input, params, ctx) => features(input, params.pooling) * ctx.numClasses + ctx.numClasses,
  macs: (input, params, ctx) => features(input, params.pooling) * ctx.numClasses,
  describe: (params) => (params.pooling === 'flatten' ? 'head' : `head(${String(params.pooling)})`),
};
