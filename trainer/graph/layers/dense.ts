// Dense (MatMul + BiasAdd + activation; a softmax on the last layer also yields the logits)
// and Flatten.
import { attrs } from '../builder';
import { activationUnsupported } from './activation';
import { biasAndActivation, need } from './conv';
import { config, inputShapeOf, type LayerTranslator } from './translator';

export const dense: LayerTranslator = {
  className: 'Dense',
  unsupported(layer) {
    return inputShapeOf(layer).length > 2 ? 'inputs of rank > 2' : activationUnsupported(config(layer).activation);
  },
  translate(layer, [x], ctx) {
    const c = config(layer);
    const y = ctx.b.op('MatMul', [x!, need(ctx, layer, 'kernel')], [attrs.T()], { name: `${layer.name}/MatMul` });
    return biasAndActivation(layer, y, ctx, c.useBias !== false, c.activation);
  },
};

export const flatten: LayerTranslator = {
  className: 'Flatten',
  translate(layer, [x], ctx) {
    const shape = layer.outputShape as Array<number | null>;
    const size = shape.slice(1).reduce<number>((a, d) => a * (d ?? NaN), 1);
    if (!Number.isFinite(size)) throw new Error(`layer '${layer.name}': flatten of an input with unknown dimensions`);
    return { output: ctx.b.op('Reshape', [x!, ctx.b.constInt([-1, size])], [attrs.T(), attrs.type('Tshape', 3)], { name: `${layer.name}/Reshape` }) };
  },
};
