// Arithmetic shared by the spatial operations. Every convolution and pooling uses 'same'
// padding, so an output is ceil(input / stride) whatever the kernel, pool size or dilation.
import type { FeatureShape } from '../../contracts/graph';
import { ShapeRuleError } from './operation';

export function sameOut(size: number, stride: number): number {
  return Math.ceil(size / stride);
}

export function flatSize(shape: FeatureShape): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The [h, w, c] of a spatial input; throws naming the operation when the input is flat. */
export function spatial(input: FeatureShape, op: string): [number, number, number] {
  if (input.length !== 3) throw new ShapeRuleError(`'${op}' needs a spatial [h, w, c] input, got flat [${input.join(', ')}] (spatial operations cannot follow a dense layer)`);
  return input;
}
