// Shapes of a multibranch network's tensors for ANY input image, tracked symbolically: the
// stride relative to the input (with 'same' padding, ceil(ceil(h/a)/b) = ceil(h/ab), so equal
// strides mean equal height and width whatever the image), and the channel count as
// a * C + b, where C is the image's channel count, unknown until the dataset is chosen. A sum
// needs equal stride and equal a and b; a concatenation only equal stride.
import type { Merge } from '../../../contracts/graph';
import type { ChainLayer } from '../chain';

export interface SymbolicShape {
  stride: number;
  /** Channels = perInputChannel * C + fixed. */
  perInputChannel: number;
  fixed: number;
}

export const INPUT_SHAPE: SymbolicShape = { stride: 1, perInputChannel: 1, fixed: 0 };

export const sameChannels = (a: SymbolicShape, b: SymbolicShape): boolean => a.perInputChannel === b.perInputChannel && a.fixed === b.fixed;

/** Whether `skip` can join a merge of kind `merge` with the layer input `main`. */
export function canMerge(merge: Merge, main: SymbolicShape, skip: SymbolicShape): boolean {
  return main.stride === skip.stride && (merge === 'concat' || sameChannels(main, skip));
}

export function mergedShape(merge: Merge, shapes: readonly SymbolicShape[]): SymbolicShape {
  if (merge === 'sum') return shapes[0];
  return {
    stride: shapes[0].stride,
    perInputChannel: shapes.reduce((n, s) => n + s.perInputChannel, 0),
    fixed: shapes.reduce((n, s) => n + s.fixed, 0),
  };
}

/** The output of spatial layer `layer` on an input of shape `input`. */
export function layerShape(layer: ChainLayer, input: SymbolicShape): SymbolicShape {
  switch (layer.op) {
    case 'conv':
    case 'sepconv':
      return { stride: input.stride * layer.strides, perInputChannel: 0, fixed: layer.filters };
    case 'dilconv':
      return { stride: input.stride, perInputChannel: 0, fixed: layer.filters };
    case 'maxpool':
    case 'avgpool':
      return { ...input, stride: input.stride * layer.strides };
    default:
      throw new Error(`layer op '${layer.op}' has no spatial output`);
  }
}

export function describeShape(s: SymbolicShape): string {
  const channels = [s.perInputChannel === 0 ? '' : `${s.perInputChannel === 1 ? '' : s.perInputChannel}C`, s.fixed === 0 ? '' : String(s.fixed)].filter((x) => x !== '').join('+') || '0';
  return `stride ${s.stride}, ${channels} channels`;
}
