// Options of the chain search space, their defaults, and the checks that turn user input
// (often straight from a YAML config) into a resolved, internally consistent option set.
import type { ChainOp } from './types';
import { ACTIVATIONS, type Activation } from '../../../contracts/names';
import type { ConfigReader, Json } from '../../config/reader';
import { CHAIN_OPS, OP_FIELDS, fieldChoices, isSpatialOp } from './ops';

export interface ChainSpaceOptions {
  /** Deepest chain allowed (the implicit classifier head is not counted). */
  maxLayers: number;
  /** Shallowest chain allowed; default 1. */
  minLayers?: number;
  /** Operations the search may use; default all six. */
  operations?: readonly ChainOp[];
  /** Filter counts for conv, sepconv and dilconv. */
  filters?: readonly number[];
  /** Unit counts for dense layers. */
  units?: readonly number[];
  /** Square kernel sizes for conv, sepconv and dilconv. */
  kernelSizes?: readonly number[];
  activations?: readonly Activation[];
  /** Most dense layers in one chain; default 2. 0 turns dense layers off even if listed in `operations`. */
  maxDenseLayers?: number;
  /**
   * When true (the default) and the space has any spatial op, the first layer must be spatial.
   * A chain that flattens the raw image at once is a plain MLP: legal, but in a space built for
   * conv nets it mostly wastes evaluations, so it is excluded from the space altogether (sample,
   * mutate and validate agree) rather than merely made unlikely.
   */
  spatialFirst?: boolean;
}

export type ResolvedChainSpaceOptions = Readonly<Required<ChainSpaceOptions>>;

export const DEFAULT_CHAIN_SPACE_OPTIONS: Readonly<Required<Omit<ChainSpaceOptions, 'maxLayers'>>> = Object.freeze({
  minLayers: 1,
  operations: Object.freeze([...CHAIN_OPS]),
  filters: Object.freeze([8, 16, 32, 64]),
  units: Object.freeze([32, 64, 128, 256]),
  kernelSizes: Object.freeze([3, 5]),
  activations: Object.freeze([...ACTIVATIONS]),
  maxDenseLayers: 2,
  spatialFirst: true,
});

function checkInteger(name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new Error(`space.${name} must be an integer >= ${min}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Duplicates are refused because they would silently bias the uniform draws. */
function checkList<T>(name: string, value: unknown, isItem: (x: unknown) => x is T, itemDesc: string): readonly T[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new Error(`space.${name} must be a non-empty array, got ${JSON.stringify(value)}`);
  }
  value.forEach((item, i) => {
    if (!isItem(item)) throw new Error(`space.${name}[${i}] must be ${itemDesc}, got ${JSON.stringify(item)}`);
    if (value.indexOf(item) !== i) throw new Error(`space.${name}[${i}]: duplicate value ${JSON.stringify(item)}`);
  });
  return Object.freeze([...value]);
}

const isPositiveInt = (x: unknown): x is number => isPositive(x);
const isOp = (x: unknown): x is ChainOp => (CHAIN_OPS as readonly unknown[]).includes(x);
const isActivation = (x: unknown): x is Activation => (ACTIVATIONS as readonly unknown[]).includes(x);

/** Fills in defaults and throws, naming the `space.*` field, when the options are unusable. */
export function resolveChainOptions(options: ChainSpaceOptions): ResolvedChainSpaceOptions {
  const d = DEFAULT_CHAIN_SPACE_OPTIONS;
  const maxLayers = checkInteger('maxLayers', options.maxLayers, 1);
  const minLayers = checkInteger('minLayers', options.minLayers ?? d.minLayers, 1);
  const operations = checkList('operations', options.operations ?? d.operations, isOp, `one of ${CHAIN_OPS.join(', ')}`);
  const maxDenseLayers = checkInteger('maxDenseLayers', options.maxDenseLayers ?? d.maxDenseLayers, 0);
  const spatialFirst = options.spatialFirst ?? d.spatialFirst;
  if (typeof spatialFirst !== 'boolean') {
    throw new Error(`space.spatialFirst must be a boolean, got ${JSON.stringify(spatialFirst)}`);
  }
  const resolved: ResolvedChainSpaceOptions = Object.freeze({
    maxLayers,
    minLayers,
    operations,
    filters: checkList('filters', options.filters ?? d.filters, isPositiveInt, 'a positive integer'),
    units: checkList('units', options.units ?? d.units, isPositiveInt, 'a positive integer'),
    kernelSizes: checkList('kernelSizes', options.kernelSizes ?? d.kernelSizes, isPositiveInt, 'a positive integer'),
    activations: checkList('activations', options.activations ?? d.activations, isActivation, `one of ${ACTIVATIONS.join(', ')}`),
    maxDenseLayers,
    spatialFirst,
  });
  const problems = chainOptionProblems(resolved);
  if (problems.length > 0) throw new Error(problems[0]);
  return resolved;
}

/**
 * Rules that tie options together, as messages naming the `space.*` key. Where they hold, the
 * space has at least one network and every op offered can be drawn.
 */
export function chainOptionProblems(o: ResolvedChainSpaceOptions): string[] {
  const problems: string[] = [];
  if (o.minLayers > o.maxLayers) problems.push(`space.minLayers: must not exceed space.maxLayers (${o.maxLayers}), got ${o.minLayers}`);
  // Without a spatial op every layer is dense, so the dense cap also caps the depth.
  if (!o.operations.some(isSpatialOp) && o.maxDenseLayers < o.minLayers) {
    problems.push(
      `space.maxDenseLayers: ${o.maxDenseLayers} is below space.minLayers (${o.minLayers}) and space.operations has no ` +
        `spatial op, so no network is possible; raise maxDenseLayers or add a spatial op such as "conv"`,
    );
  }
  for (const op of o.operations) {
    if (OP_FIELDS[op].includes('kernelSize') && fieldChoices(o, op, 'kernelSize').length === 0) {
      problems.push(`space.kernelSizes: none of ${JSON.stringify(o.kernelSizes)} is a kernel size of '${op}'; add one it allows or remove '${op}' from space.operations`);
    }
  }
  return problems;
}

/** The `space` section of a chain search as stored in the validated config (spatialFirst is not configurable). */
export type ChainConfigOptions = { type: 'chain' } & Omit<ResolvedChainSpaceOptions, 'spatialFirst'>;

export const CHAIN_OPTION_KEYS = ['type', 'maxLayers', 'minLayers', 'operations', 'filters', 'units', 'kernelSizes', 'activations', 'maxDenseLayers'] as const;

const isPositive = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v > 0;

/** Reads a config's `space` section of type "chain", with the defaults filled in. */
export function readChainOptions(section: Json, r: ConfigReader): ChainConfigOptions {
  r.unknownKeys(section, CHAIN_OPTION_KEYS, 'space');
  const d = DEFAULT_CHAIN_SPACE_OPTIONS;
  const options = {
    type: 'chain' as const,
    maxLayers: r.int(section, 'maxLayers', 'space.maxLayers', 5, 1, 64),
    minLayers: r.int(section, 'minLayers', 'space.minLayers', d.minLayers, 1, 64),
    operations: r.list<ChainOp>(section, 'operations', 'space.operations', d.operations, (v) => CHAIN_OPS.includes(v as ChainOp), CHAIN_OPS.join('|')),
    filters: r.list<number>(section, 'filters', 'space.filters', d.filters, isPositive, 'positive integers'),
    units: r.list<number>(section, 'units', 'space.units', d.units, isPositive, 'positive integers'),
    kernelSizes: r.list<number>(section, 'kernelSizes', 'space.kernelSizes', d.kernelSizes, isPositive, 'positive integers'),
    activations: r.list<Activation>(section, 'activations', 'space.activations', d.activations, (v) => ACTIVATIONS.includes(v as Activation), ACTIVATIONS.join('|')),
    maxDenseLayers: r.int(section, 'maxDenseLayers', 'space.maxDenseLayers', d.maxDenseLayers, 0, 64),
  };
  r.problems.push(...chainOptionProblems({ ...options, spatialFirst: d.spatialFirst }));
  return options;
}
