// Shape inference and cost (FLOPs) of a chain architecture, computed from the architecture
// alone so it is exact, backend-independent and checkable by hand. FLOPs follow the usual
// convention of 2 x multiply-accumulates of one forward pass for one sample; pooling, bias
// additions and activations perform no multiply-accumulates and are not counted.
import type { ChainArchitecture, ChainLayer } from '../../domain/types';
import { InvalidTrainRequestError } from '../errors';

/** [height, width, channels] while spatial, [units] once flattened. */
export type FeatureShape = [number, number, number] | [number];

export interface LayerCost {
  op: ChainLayer['op'] | 'head';
  output: FeatureShape;
  macs: number;
}

/** 'same' padding: the output is ceil(input / stride) whatever the kernel or pool size. */
function sameOut(size: number, stride: number): number {
  return Math.ceil(size / stride);
}

function flatSize(shape: FeatureShape): number {
  return shape.reduce((a, b) => a * b, 1);
}

function layerCost(layer: ChainLayer, input: FeatureShape, index: number): LayerCost {
  const where = `architecture.layers[${index}] (${layer.op})`;
  if (layer.op === 'dense') {
    return { op: 'dense', output: [layer.units], macs: flatSize(input) * layer.units };
  }
  if (input.length !== 3) throw new InvalidTrainRequestError(`${where} is spatial but comes after a dense layer`);
  const [h, w, c] = input;
  switch (layer.op) {
    case 'conv': {
      const [ho, wo] = [sameOut(h, layer.strides), sameOut(w, layer.strides)];
      return { op: 'conv', output: [ho, wo, layer.filters], macs: ho * wo * layer.kernelSize ** 2 * c * layer.filters };
    }
    case 'sepconv': {
      const [ho, wo] = [sameOut(h, layer.strides), sameOut(w, layer.strides)];
      // Depthwise k x k per input channel (multiplier 1), then a 1x1 pointwise conv.
      const macs = ho * wo * (layer.kernelSize ** 2 * c + c * layer.filters);
      return { op: 'sepconv', output: [ho, wo, layer.filters], macs };
    }
    case 'dilconv':
      // Dilation spreads the k x k taps apart; it does not add any.
      return { op: 'dilconv', output: [h, w, layer.filters], macs: h * w * layer.kernelSize ** 2 * c * layer.filters };
    case 'maxpool':
    case 'avgpool':
      return { op: layer.op, output: [sameOut(h, layer.strides), sameOut(w, layer.strides), c], macs: 0 };
  }
}

/** Per-layer output shapes and multiply-accumulates, the classifier head last. */
export function chainCosts(arch: ChainArchitecture, inputShape: [number, number, number], numClasses: number): LayerCost[] {
  const costs: LayerCost[] = [];
  let shape: FeatureShape = inputShape;
  arch.layers.forEach((layer, i) => {
    const cost = layerCost(layer, shape, i);
    costs.push(cost);
    shape = cost.output;
  });
  costs.push({ op: 'head', output: [numClasses], macs: flatSize(shape) * numClasses });
  return costs;
}

/** 2 x multiply-accumulates of one forward pass of one sample. */
export function chainFlops(arch: ChainArchitecture, inputShape: [number, number, number], numClasses: number): number {
  return 2 * chainCosts(arch, inputShape, numClasses).reduce((sum, c) => sum + c.macs, 0);
}
