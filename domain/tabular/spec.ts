// What each tabular benchmark table (data/tabular/<name>.json) was built from: the space every
// network of which it holds, and the training that produced each curve. It lives in the pure
// domain, not only in the data files, because config validation (which also runs inside the
// workflow, where no file may be read) must refuse a search its table cannot answer. The
// builder (bench/tabular) writes the spec into the file, and a test keeps the two equal.
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

// The larger table, sized so that searches and schedulers have something to win: five
// operations (1,040 distinct networks, so a budget of 50 trainings covers 5% of the space)
// and 9 epochs (rungs 1/3/9 at eta 3). Its cost was chosen from measured samples: these nets
// cost about 20-25 ms of CPU a training step almost whatever the batch, so the table trains
// few, large steps (1,280 digits in batches of 64, 20 steps an epoch, at a learning rate of
// 0.02) with 8 filters, about 2 CPU-seconds a network on the graph path. 1,280 digits rather
// than the 640 of a first attempt: with 10 steps an epoch, epoch 1 was at chance for almost
// every network and ranked them as epoch 9 does with a Spearman correlation of 0.15 (0.34
// with 20 steps on a 40-network sample), which left the schedulers' lowest rung nothing to see.
export const TABULAR_SPEC_LARGE: TabularSpec = Object.freeze({
  space: {
    type: 'cell',
    blocks: 1,
    operations: ['conv1', 'conv3', 'maxpool3', 'avgpool3', 'identity'],
    initialFilters: 8,
    stacks: 2,
    cellsPerStack: 1,
    order: 'conv-act',
  },
  dataset: { name: 'mnist14', trainSize: 1280, validationSize: 256, splitSeed: 1 },
  training: { batchSize: 64, learningRate: 0.02, optimizer: 'adam' },
  epochs: 9,
  seed: 1,
}) as TabularSpec;

// The larger table trained three times as long: the same space, data and training, 27 epochs.
// On cell5-mnist14 the schedulers' rungs span 1 to 9 epochs, a ratio of 9, which caps what
// Hyperband can save: its three brackets at eta 3 look at 17 networks for the epochs random
// search spends on 7.7, about 2.2 times as many even if every rung ranked perfectly. Rungs
// 1/3/9/27 (a ratio of 27, four brackets) look at 49 for random search's 13.2, as on the
// long schedules of NAS-Bench-201 that Hyperband was evaluated on. Its first 9 epochs are the
// same trainings as cell5-mnist14's (same seed, data, batches and optimizer).
export const TABULAR_SPEC_LONG: TabularSpec = Object.freeze({ ...TABULAR_SPEC_LARGE, epochs: 27 }) as TabularSpec;

/** The table a "tabular" search uses when `dataset.table` is not given (the first one built). */
export const DEFAULT_TABLE = 'cell-mnist14';

/** Every complete table by name; the data file of table `name` is data/tabular/<name>.json. */
export const TABULAR_TABLES: Readonly<Record<string, TabularSpec>> = Object.freeze({
  'cell-mnist14': TABULAR_SPEC,
  'cell5-mnist14': TABULAR_SPEC_LARGE,
  'cell5-mnist14-e27': TABULAR_SPEC_LONG,
});

/**
 * Tables whose build is under way: the builder extends data/tabular/<name>.json piece by
 * piece, but searches cannot use them until every network is in (then the spec moves to
 * TABULAR_TABLES). A test checks that what is there was built from the spec.
 */
export const TABLES_BEING_BUILT: Readonly<Record<string, TabularSpec>> = Object.freeze({});

export const tabularTableNames = (): string[] => Object.keys(TABULAR_TABLES);

const has = (record: Readonly<Record<string, TabularSpec>>, name: string): boolean => Object.prototype.hasOwnProperty.call(record, name);

/** The spec of complete table `name`, or undefined for a name no complete table has. */
export function tabularSpec(name: string): TabularSpec | undefined {
  return has(TABULAR_TABLES, name) ? TABULAR_TABLES[name] : undefined;
}

/** The spec the builder extends for `name`: a complete table's (a rebuild) or one being built. */
export function buildableSpec(name: string): TabularSpec | undefined {
  return tabularSpec(name) ?? (has(TABLES_BEING_BUILT, name) ? TABLES_BEING_BUILT[name] : undefined);
}
