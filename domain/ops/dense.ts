// Fully connected layer. A spatial input is flattened first (the builder adds the flatten),
// which is how a chain moves from its convolutional part to its dense part.
import type { OperationDef } from './operation';
import { ACTIVATION } from './conv-family';
import { flatSize } from './shape-math';

export const dense: OperationDef = {
  name: 'dense',
  doc: 'fully connected layer (flattens a spatial input)',
  fields: {
    units: { kind: 'int', min: 1, max: 65_536, doc: 'output units' },
    activation: ACTIVATION,
  },
  accepts: 'any',
  outputShape: (_input, params) => [params.units as number],
  paramCount: (input, params) => flatSize(input) * (params.units as number) + (params.units as number),
  macs: (input, params) => flatSize(input) * (params.units as number),
  describe: (params) => `dense-${params.units}-${String(params.activation)}`,
};
