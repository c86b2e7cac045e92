// Validity of a chain architecture in a given chain space. Architectures arrive from workflow
// history and user configs as untyped JSON, so every check is defensive about shapes.
import type { ChainLayer, ChainOp } from './types';
import { CHAIN_OPS, OP_FIELDS, fieldChoices, isSpatialOp, requiresSpatialFirst } from './ops';
import type { ResolvedChainSpaceOptions } from './options';

const show = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? String(v));
const list = (vs: readonly unknown[]): string => `[${vs.map(show).join(', ')}]`;

/** Problems of one layer taken alone: its op and each of its hyperparameters. */
function layerProblems(layer: unknown, i: number, opts: ResolvedChainSpaceOptions): string[] {
  if (typeof layer !== 'object' || layer === null || Array.isArray(layer)) {
    return [`layer ${i}: expected an object, got ${show(layer)}`];
  }
  const fields = layer as Record<string, unknown>;
  const op = fields.op;
  if (!(CHAIN_OPS as readonly unknown[]).includes(op)) {
    return [`layer ${i} (op): unknown op ${show(op)}, expected one of ${list(CHAIN_OPS)}`];
  }
  const known = OP_FIELDS[op as ChainOp];
  const problems: string[] = [];
  if (!opts.operations.includes(op as ChainOp)) {
    problems.push(`layer ${i} (op): ${show(op)} is not among the space's operations ${list(opts.operations)}`);
  }
  for (const field of known) {
    const choices = fieldChoices(opts, op as ChainOp, field);
    if (!(field in fields)) problems.push(`layer ${i} (${field}): missing for op ${show(op)}`);
    else if (!choices.includes(fields[field] as never)) {
      problems.push(`layer ${i} (${field}): ${show(fields[field])} is not one of ${list(choices)}`);
    }
  }
  // Extra fields would be ignored by the model builder yet make two equal networks look different.
  for (const key of Object.keys(fields)) {
    if (key === 'id') {
      if (typeof fields.id !== 'string' || !/^[A-Za-z0-9_]{1,64}$/.test(fields.id)) problems.push(`layer ${i} (id): must be 1-64 letters, digits or '_', got ${show(fields.id)}`);
    } else if (key !== 'op' && !(known as readonly string[]).includes(key)) {
      problems.push(`layer ${i} (${key}): unexpected field for op ${show(op)}`);
    }
  }
  return problems;
}

function hasKnownOp(layer: unknown): layer is ChainLayer {
  return typeof layer === 'object' && layer !== null && (CHAIN_OPS as readonly unknown[]).includes((layer as { op?: unknown }).op);
}

/** Problems of the chain as a whole: depth, ordering, dense cap, spatial start. */
function chainProblems(layers: readonly ChainLayer[], opts: ResolvedChainSpaceOptions): string[] {
  const problems: string[] = [];
  if (layers.length < opts.minLayers) {
    problems.push(`layers: depth ${layers.length} is below minLayers ${opts.minLayers}`);
  }
  if (layers.length > opts.maxLayers) {
    problems.push(`layers: depth ${layers.length} exceeds maxLayers ${opts.maxLayers}`);
  }
  const firstDense = layers.findIndex((l) => l.op === 'dense');
  if (firstDense >= 0) {
    layers.forEach((l, i) => {
      if (i > firstDense && isSpatialOp(l.op)) {
        problems.push(`layer ${i} (op): spatial op '${l.op}' follows dense layer ${firstDense}; spatial layers must precede dense ones`);
      }
    });
  }
  const dense = layers.filter((l) => l.op === 'dense').length;
  if (dense > opts.maxDenseLayers) {
    problems.push(`layers: ${dense} dense layers exceed maxDenseLayers ${opts.maxDenseLayers}`);
  }
  if (layers.length > 0 && layers[0].op === 'dense' && requiresSpatialFirst(opts)) {
    problems.push(`layer 0 (op): the first layer must be spatial in this space (spatialFirst), got 'dense'`);
  }
  return problems;
}

/** Every problem of `arch` in the space described by `opts`; empty when it is valid. */
export function validateChain(arch: unknown, opts: ResolvedChainSpaceOptions): string[] {
  if (typeof arch !== 'object' || arch === null) return [`architecture: expected an object, got ${show(arch)}`];
  const { type, layers } = arch as Record<string, unknown>;
  const problems: string[] = [];
  if (type !== 'chain') problems.push(`type: expected 'chain', got ${show(type)}`);
  if (!Array.isArray(layers)) return [...problems, `layers: expected an array, got ${show(layers)}`];
  layers.forEach((layer, i) => problems.push(...layerProblems(layer, i, opts)));
  const ids = layers.map((l) => (l as { id?: unknown }).id).filter((id) => id !== undefined);
  if (new Set(ids).size !== ids.length) problems.push(`layers: two layers share an id (${ids.map(show).join(', ')})`);
  // Whole-chain rules read `op`, so they only run once every layer has a known op.
  if (layers.every(hasKnownOp)) problems.push(...chainProblems(layers, opts));
  return problems;
}
