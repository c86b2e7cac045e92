// Convolutions: Conv2D, SeparableConv2D (depthwise then 1x1), and the project's dilated conv
// (trainer/model/dilated-conv-layer.ts), each with optional bias and activation. Grappler and
// oneDNN fuse conv + bias + activation in the session.
import type * as tf from '@tensorflow/tfjs';
import type { Output } from '../addon';
import { attrs, DT, type GraphBuilder } from '../builder';
import { activate, activationName, activationUnsupported } from './activation';
import { samePadding } from '../../model/atrous';
import { config, inputShapeOf, type LayerTranslator, type TranslateContext, type Translated } from './translator';

function pair(v: unknown): [number, number] {
  return Array.isArray(v) ? [Number(v[0]), Number(v[1] ?? v[0])] : [Number(v), Number(v)];
}

function padding(v: unknown): string {
  return String(v).toUpperCase();
}

function common(layer: tf.layers.Layer): string | undefined {
  const c = config(layer);
  // TensorFlow's C++ convolution gradients ignore dilations (see dilatedConv2d below).
  if (pair(c.dilationRate ?? 1).some((d) => d !== 1)) return 'dilationRate > 1';
  if (c.dataFormat !== undefined && c.dataFormat !== 'channelsLast') return `dataFormat ${String(c.dataFormat)} (channelsLast only)`;
  if (c.padding !== undefined && c.padding !== 'same' && c.padding !== 'valid') return `padding ${String(c.padding)}`;
  return activationUnsupported(c.activation);
}

function need(ctx: TranslateContext, layer: tf.layers.Layer, suffix: string): Output {
  const w = ctx.weight(layer, suffix);
  if (w === undefined) throw new Error(`layer '${layer.name}' has no '${suffix}' weight`);
  return w;
}

function biasAndActivation(layer: tf.layers.Layer, y: Output, ctx: TranslateContext, useBias: boolean, activation: unknown): Translated {
  const b: GraphBuilder = ctx.b;
  const withBias = useBias ? b.op('BiasAdd', [y, need(ctx, layer, 'bias')], [attrs.T()], { name: `${layer.name}/BiasAdd` }) : y;
  return activate(b, activationName(activation), withBias, layer.name);
}

export const conv2d: LayerTranslator = {
  className: 'Conv2D',
  unsupported: common,
  translate(layer, [x], ctx) {
    const c = config(layer);
    const [sh, sw] = pair(c.strides);
    const [dh, dw] = pair(c.dilationRate ?? 1);
    const y = ctx.b.op('Conv2D', [x!, need(ctx, layer, 'kernel')], [
      attrs.T(), attrs.ints('strides', [1, sh, sw, 1]), attrs.string('padding', padding(c.padding)), attrs.ints('dilations', [1, dh, dw, 1]),
    ], { name: `${layer.name}/Conv2D` });
    return biasAndActivation(layer, y, ctx, c.useBias !== false, c.activation);
  },
};

export const separableConv2d: LayerTranslator = {
  className: 'SeparableConv2D',
  unsupported: common,
  translate(layer, [x], ctx) {
    const c = config(layer);
    const [sh, sw] = pair(c.strides);
    const [dh, dw] = pair(c.dilationRate ?? 1);
    const depthwise = ctx.b.op('DepthwiseConv2dNative', [x!, need(ctx, layer, 'depthwise_kernel')], [
      attrs.T(), attrs.ints('strides', [1, sh, sw, 1]), attrs.string('padding', padding(c.padding)), attrs.ints('dilations', [1, dh, dw, 1]),
    ], { name: `${layer.name}/depthwise` });
    const y = ctx.b.op('Conv2D', [depthwise, need(ctx, layer, 'pointwise_kernel')], [
      attrs.T(), attrs.ints('strides', [1, 1, 1, 1]), attrs.string('padding', 'VALID'),
    ], { name: `${layer.name}/pointwise` });
    return biasAndActivation(layer, y, ctx, c.useBias !== false, c.activation);
  },
};

/**
 * NasDilatedConv2D: stride 1, 'same' padding, dilation `dilation`, built as atrous.ts builds it
 * (space-to-batch, a 'valid' Conv2D, batch-to-space). Not Conv2D with dilations: TensorFlow's
 * C++ gradient of Conv2D (what TF_AddGradients uses) drops the dilations attribute.
 */
export const dilatedConv2d: LayerTranslator = {
  className: 'NasDilatedConv2D',
  unsupported(layer) {
    const [, h, w] = inputShapeOf(layer);
    if (h == null || w == null) return 'input of unknown height or width';
    return activationUnsupported(config(layer).activation);
  },
  translate(layer, [x], ctx) {
    const c = config(layer);
    const { b } = ctx;
    const rate = Number(c.dilation);
    const kernel = need(ctx, layer, 'kernel');
    const conv = (input: Output, padding: string) => b.op('Conv2D', [input, kernel], [
      attrs.T(), attrs.ints('strides', [1, 1, 1, 1]), attrs.string('padding', padding),
    ], { name: `${layer.name}/Conv2D` });
    let y: Output;
    if (rate === 1) {
      y = conv(x!, 'SAME');
    } else {
      const [, height, width] = inputShapeOf(layer) as number[];
      const k = Number(c.kernelSize);
      const [top, bottom] = samePadding(k, rate);
      const extraH = (rate - ((height! + top + bottom) % rate)) % rate;
      const extraW = (rate - ((width! + top + bottom) % rate)) % rate;
      const block = b.constInt([rate, rate]);
      const i32 = attrs.type('Tblock_shape', DT.int32);
      const grids = b.op('SpaceToBatchND', [x!, block, b.constInt([top, bottom + extraH, top, bottom + extraW], [2, 2])],
        [attrs.T(), i32, attrs.type('Tpaddings', DT.int32)], { name: `${layer.name}/space_to_batch` });
      y = b.op('BatchToSpaceND', [conv(grids, 'VALID'), block, b.constInt([0, extraH, 0, extraW], [2, 2])],
        [attrs.T(), i32, attrs.type('Tcrops', DT.int32)], { name: `${layer.name}/batch_to_space` });
    }
    return biasAndActivation(layer, y, ctx, c.useBias !== false, c.activation);
  },
};

export { need, biasAndActivation };
