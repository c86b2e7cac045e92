import type { LayerBuilder } from './layer-builder';

/** No layer at all: the node's output is its (merged) input. */
export const identity: LayerBuilder = { op: 'identity', apply: (_node, input) => input };
