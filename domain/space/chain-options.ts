// Options of the chain search space, their defaults, and the checks that turn user input
// (often straight from a YAML config) into a resolved, internally consistent option set.
import type { ChainOp } from '../types';
import { ACTIVATIONS, type Activation } from '../../contracts/names';
import { CHAIN_OPS, isSpatialOp } from './chain-ops';

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

const isPositiveInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 1;
const isOp = (x: unknown): x is ChainOp => (CHAIN_OPS as readonly unknown[]).includes(x);
const isActivation = (x: unknown): x is Activation => (ACTIVATIONS as readonly unknown[]).includes(x);

/** Fills in defaults and throws, naming the `space.*` field, when the options are unusable. */
export function resolveChainOptions(options: ChainSpaceOptions): ResolvedChainSpaceOptions {
  const d = DEFAULT_CHAIN_SPACE_OPTIONS;
  const maxLayers = checkInteger('maxLayers', options.maxLayers, 1);
  const minLayers = checkInteger('minLayers', options.minLayers ?? d.minLayers, 1);
  if (minLayers > maxLayers) {
    throw new Error(`space.minLayers (${minLayers}) must not exceed space.maxLayers (${maxLayers})`);
  }
  const operations = checkList('operations', options.operations ?? d.operations, isOp, `one of ${CHAIN_OPS.join(', ')}`);
  const maxDenseLayers = checkInteger('maxDenseLayers', options.maxDenseLayers ?? d.maxDenseLayers, 0);
  const spatialFirst = options.spatialFirst ?? d.spatialFirst;
  if (typeof spatialFirst !== 'boolean') {
    throw new Error(`space.spatialFirst must be a boolean, got ${JSON.stringify(spatialFirst)}`);
  }
  // Without a spatial op every layer is dense, so the dense cap also caps the depth.
  if (!operations.some(isSpatialOp)) {
    if (maxDenseLayers < minLayers) {
      throw new Error(
        `space.maxDenseLayers (${maxDenseLayers}) is below space.minLayers (${minLayers}) and ` +
          `space.operations has no spatial op, so no chain is valid`,
      );
    }
  }
  return Object.freeze({
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
}
