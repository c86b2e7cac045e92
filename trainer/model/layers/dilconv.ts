import { DilatedConv2D } from '../dilated-conv-layer';
import { convLayerBuilder } from './conv-family';

export const dilconv = convLayerBuilder(
  'dilconv',
  (node, ctx, { useBias, activation }) =>
    new DilatedConv2D({
      name: node.id,
      filters: node.params.filters as number,
      kernelSize: node.params.kernelSize as number,
      dilation: node.params.dilation as number,
      activation,
      useBias,
      seed: ctx.seed(),
    }),
);
