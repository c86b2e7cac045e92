// The three convolutions share the placement of activation and batch norm around the
// convolution (the node's `order`); each layer file supplies only the convolution itself.
import * as tf from '@tensorflow/tfjs';
import type { GraphNode } from '../../../contracts/graph';
import type { BuildContext, LayerBuilder } from './layer-builder';

export type TfActivation = 'relu' | 'elu' | 'tanh' | 'selu' | 'linear';

/** The convolution layer named `node.id`, with or without bias and fused activation. */
type MakeConv = (node: GraphNode, ctx: BuildContext, opts: { useBias: boolean; activation: TfActivation }) => tf.layers.Layer;

function apply(layer: tf.layers.Layer, x: tf.SymbolicTensor): tf.SymbolicTensor {
  return layer.apply(x) as tf.SymbolicTensor;
}

export function convLayerBuilder(op: string, makeConv: MakeConv): LayerBuilder {
  return {
    op,
    apply(node, input, ctx) {
      const activation = node.params.activation as TfActivation;
      const act = (x: tf.SymbolicTensor) => apply(tf.layers.activation({ name: `${node.id}_act`, activation }), x);
      const bn = (x: tf.SymbolicTensor) => apply(tf.layers.batchNormalization({ name: `${node.id}_bn`, axis: -1 }), x);
      switch (node.params.order) {
        case 'conv-act':
          return apply(makeConv(node, ctx, { useBias: true, activation }), input);
        case 'act-conv-bn':
          return bn(apply(makeConv(node, ctx, { useBias: false, activation: 'linear' }), act(input)));
        case 'conv-bn-act':
          return act(bn(apply(makeConv(node, ctx, { useBias: false, activation: 'linear' }), input)));
        default:
          throw new Error(`node '${node.id}': unknown order ${JSON.stringify(node.params.order)}`);
      }
    },
  };
}
