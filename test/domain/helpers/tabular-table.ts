// A hand-made two-network table for the tabular benchmark's unit tests.
import { TABULAR_SPEC, type TabularTable } from '../../../domain/tabular';

const metric = (epoch: number, valAccuracy: number, seconds: number) => ({ epoch, loss: 1, accuracy: valAccuracy, valLoss: 1, valAccuracy, seconds });

export const handMade: TabularTable = {
  format: 1,
  spec: { ...TABULAR_SPEC, epochs: 3 },
  build: { backend: 'test', trainSeconds: 0, wallSeconds: 0, searches: [], builtAt: '' },
  entries: {
    aaa: { index: 0, description: 'a', params: 10, flops: 20, curve: [metric(1, 0.2, 1), metric(2, 0.5, 2), metric(3, 0.6, 3)] },
    bbb: { index: 1, description: 'b', params: 30, flops: 40, curve: [metric(1, 0.4, 0.5), metric(2, 0.45, 0.5), metric(3, 0.7, 0.5)] },
  },
};

