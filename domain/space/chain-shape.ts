// Pure shape arithmetic of a chain, so the workflow and reports can reason about a candidate's
// size (and reject silly ones early) without building a tfjs model.
import type { ChainArchitecture, ChainLayer } from '../types';

/** [height, width, channels] while spatial; [units] once a dense layer has flattened it. */
export type FeatureShape = [number, number, number] | [number];

/** With 'same' padding, output size is ceil(size / stride) whatever the kernel or dilation. */
function nextShape(shape: FeatureShape, layer: ChainLayer): FeatureShape {
  if (layer.op === 'dense') return [layer.units];
  if (shape.length === 1) throw new Error(`spatial op '${layer.op}' cannot follow a dense layer`);
  const [h, w, c] = shape;
  switch (layer.op) {
    case 'conv':
    case 'sepconv':
      return [Math.ceil(h / layer.strides), Math.ceil(w / layer.strides), layer.filters];
    case 'dilconv':
      return [h, w, layer.filters];
    case 'maxpool':
    case 'avgpool':
      return [Math.ceil(h / layer.strides), Math.ceil(w / layer.strides), c];
  }
}

/** The feature shape after each layer, in order (empty for an empty chain). */
export function chainShapes(arch: ChainArchitecture, input: [number, number, number]): FeatureShape[] {
  const shapes: FeatureShape[] = [];
  let shape: FeatureShape = input;
  for (const layer of arch.layers) {
    shape = nextShape(shape, layer);
    shapes.push(shape);
  }
  return shapes;
}

/** The shape the implicit classifier head receives (the input itself for an empty chain). */
export function chainOutputShape(arch: ChainArchitecture, input: [number, number, number]): FeatureShape {
  const shapes = chainShapes(arch, input);
  return shapes.length === 0 ? input : shapes[shapes.length - 1];
}
