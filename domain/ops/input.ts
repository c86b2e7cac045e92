// The graph's single entry: the dataset's samples, whose shape is known only at build time.
import type { OperationDef } from './operation';
import { ShapeRuleError } from './operation';

export const input: OperationDef = {
  name: 'input',
  doc: 'the input images (shape from the dataset)',
  fields: {},
  accepts: 'none',
  outputShape: () => {
    throw new ShapeRuleError("the 'input' node takes no input; its shape is the dataset's");
  },
  paramCount: () => 0,
  macs: () => 0,
  describe: () => 'input',
};
