// What the tabular benchmark's table (data/tabular/cell-mnist14.json) was built from: the
// space every network of which it holds, and the training that produced each curve. It lives
// in the pure domain, not only in the data file, because config validation (which also runs
// inside the workflow, where no file may be read) must refuse a search the table cannot answer.
// The builder (bench/tabular) writes this spec into the file, and a test keeps the two equal.
import type { CellConfigOptions } from '../spaces/cell/options';
import type { DatasetName, OptimizerName } from '../../contracts/names';

export interface TabularSpec {
  /** The space, every option spelled out (the cell family's defaults would be other values). */
  space: CellConfigOptions;
  /** The real data set each network was trained on. */
  dataset: { name: DatasetName; trainSize: number; validationSize: number; splitSeed: number };
  training: { batchSize: number; learningRate: number; optimizer: OptimizerName };
  /** Epochs each network was trained for: the table answers any budget up to this. */
  epochs: number;
  /** Weight/shuffle seed of every training (one run per network). */
  seed: number;
}

// A NASNet-style cell space small enough to train whole on two shared cores: one block per
// cell, three operations (225 distinct networks). No batch norm ('conv-act'): with tfjs's BN
// momentum of 0.99, a few hundred steps leave the moving statistics unsettled and validation
// accuracy at chance.
export const TABULAR_SPEC: TabularSpec = Object.freeze({
  space: {
    type: 'cell',
    blocks: 1,
    operations: ['conv3', 'maxpool3', 'identity'],
    initialFilters: 16,
    stacks: 2,
    cellsPerStack: 1,
    order: 'conv-act',
  },
  dataset: { name: 'mnist14', trainSize: 1000, validationSize: 500, splitSeed: 1 },
  training: { batchSize: 16, learningRate: 0.005, optimizer: 'adam' },
  epochs: 4,
  seed: 1,
}) as TabularSpec;
