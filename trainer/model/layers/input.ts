import type { LayerBuilder } from './layer-builder';

/** The model's input is created by the builder itself; this only marks the op as known. */
export const input: LayerBuilder = {
  op: 'input',
  apply: () => {
    throw new Error("the 'input' node is the model's input; it is never applied to a tensor");
  },
};
