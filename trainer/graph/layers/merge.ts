// Merges of a node's inputs (Add, Concatenate), the weightless copy the model builder inserts
// for repeated inputs (Reshape to the same shape), the zero op, and the input layer.
import { attrs, DT } from '../builder';
import { config, type LayerTranslator } from './translator';

export const add: LayerTranslator = {
  className: 'Add',
  // tfjs adds the inputs left to right; the same order keeps float rounding the same.
  translate: (layer, inputs, ctx) => ({
    output: inputs.slice(1).reduce((sum, x, i) => ctx.b.op('AddV2', [sum, x], [attrs.T()], { name: `${layer.name}/add${i}` }), inputs[0]!),
  }),
};

export const concatenate: LayerTranslator = {
  className: 'Concatenate',
  translate(layer, inputs, ctx) {
    const rank = (layer.outputShape as unknown[]).length;
    const axis = Number(config(layer).axis ?? -1);
    return {
      output: ctx.b.op('ConcatV2', [inputs, ctx.b.constInt([axis < 0 ? rank + axis : axis], [])], [
        attrs.T(), attrs.int('N', inputs.length), attrs.type('Tidx', DT.int32),
      ], { name: `${layer.name}/concat` }),
    };
  },
};

export const reshape: LayerTranslator = {
  className: 'Reshape',
  translate(layer, [x], ctx) {
    const target = (config(layer).targetShape as number[]).map(Number);
    return { output: ctx.b.op('Reshape', [x!, ctx.b.constInt([-1, ...target])], [attrs.T(), attrs.type('Tshape', DT.int32)], { name: `${layer.name}/Reshape` }) };
  },
};

/** NasZero (trainer/model/layers/zero.ts): zeros of the input's strided shape. */
export const zero: LayerTranslator = {
  className: 'NasZero',
  translate(layer, [x], ctx) {
    const s = Number(config(layer).strides);
    const strided = s === 1 ? x! : ctx.b.op('StridedSlice', [x!, ctx.b.constInt([0, 0, 0, 0]), ctx.b.constInt([0, 0, 0, 0]), ctx.b.constInt([1, s, s, 1])], [
      attrs.T(), attrs.type('Index', DT.int32), attrs.int('begin_mask', 15), attrs.int('end_mask', 15),
    ], { name: `${layer.name}/slice` });
    return { output: ctx.b.op('ZerosLike', [strided], [attrs.T()], { name: `${layer.name}/zeros` }) };
  },
};

/** The input layer: its output is the batch, which the step graph supplies. */
export const inputLayer: LayerTranslator = {
  className: 'InputLayer',
  translate: (_layer, [x]) => ({ output: x! }),
};
