// Passes its (merged) input through: a skip connection, or the pure merge of several inputs.
import type { OperationDef } from './operation';

export const identity: OperationDef = {
  name: 'identity',
  doc: 'identity: the input unchanged (skip connections, pure merges)',
  fields: {},
  accepts: 'any',
  outputShape: (input) => input,
  paramCount: () => 0,
  macs: () => 0,
  describe: () => 'identity',
};
