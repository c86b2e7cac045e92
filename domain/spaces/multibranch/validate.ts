// Problems of a multibranch architecture in the family's own terms, before the generic
// choice-by-choice check: the chain's rules for the layers themselves, then each skip (an
// earlier output, of a shape the merge can take for any input image) and each merge.
import { MERGES } from '../../../contracts/graph';
import { validateChain } from '../chain/validate';
import { isSpatialOp } from '../chain/ops';
import type { ChainLayer } from '../chain';
import type { ResolvedMultibranchOptions } from './options';
import { INPUT_SHAPE, canMerge, describeShape, layerShape, mergedShape, type SymbolicShape } from './shapes';
import type { MultibranchLayer } from './types';

const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

/** Skip and merge problems of `layers`, whose chain part is valid. */
function skipProblems(layers: readonly MultibranchLayer[], o: ResolvedMultibranchOptions): string[] {
  const problems: string[] = [];
  const shapes = new Map<string, SymbolicShape>([['input', INPUT_SHAPE]]);
  let main = INPUT_SHAPE;
  layers.forEach((layer, i) => {
    const { skips, merge } = layer;
    const before = problems.length;
    if (layer.id !== `n${i + 1}`) problems.push(`layer ${i} (id): layers are numbered by position, expected 'n${i + 1}', got ${show(layer.id)}`);
    if (skips === undefined) {
      if (merge !== undefined) problems.push(`layer ${i} (merge): only a layer with skips has a merge`);
    } else if (!isSpatialOp(layer.op)) problems.push(`layer ${i} (skips): only spatial layers take skips, not '${layer.op}'`);
    else if (!Array.isArray(skips) || skips.length === 0) problems.push(`layer ${i} (skips): expected a non-empty list of earlier outputs ('input' or a layer id), got ${show(skips)}`);
    else if (!o.merges.includes(merge as never)) problems.push(`layer ${i} (merge): expected one of ${show(o.merges.filter((m) => MERGES.includes(m)))}, got ${show(merge)}`);
    else {
      const previous = i === 0 ? 'input' : layers[i - 1].id;
      skips.forEach((skip) => {
        const shape = shapes.get(skip);
        if (shape === undefined || skip === previous) problems.push(`layer ${i} (skips): ${show(skip)} is not an output before the previous layer's ('input' or an earlier layer id)`);
        else if (!canMerge(merge as never, main, shape)) {
          problems.push(`layer ${i} (skips): ${show(skip)} (${describeShape(shape)}) cannot join a ${merge} with the layer's input (${describeShape(main)}) for every input image`);
        }
      });
      if (new Set(skips).size !== skips.length) problems.push(`layer ${i} (skips): an output is listed twice`);
      // Past a bad skip, later layers are checked as if it were absent: one mistake, one message.
      if (problems.length === before) main = mergedShape(merge as never, [main, ...skips.map((s) => shapes.get(s) as SymbolicShape)]);
    }
    if (isSpatialOp(layer.op)) {
      main = layerShape(layer as ChainLayer, main);
      shapes.set(layer.id, main);
    }
  });
  return problems;
}

export function validateMultibranch(arch: unknown, o: ResolvedMultibranchOptions): string[] {
  if (typeof arch !== 'object' || arch === null) return [`architecture: expected an object, got ${show(arch)}`];
  const { type, layers } = arch as Record<string, unknown>;
  if (type !== 'multibranch') return [`type: expected 'multibranch', got ${show(type)}`];
  if (!Array.isArray(layers)) return [`layers: expected an array, got ${show(layers)}`];
  const asChain = layers.map((l: unknown) => {
    if (typeof l !== 'object' || l === null) return l;
    const { skips: _s, merge: _m, ...rest } = l as MultibranchLayer;
    return rest;
  });
  const chainProblems = validateChain({ type: 'chain', layers: asChain }, o);
  if (chainProblems.length > 0) return chainProblems;
  return skipProblems(layers as MultibranchLayer[], o);
}
