// Every chain one mutation away, each a different network, in a fixed order: the moves of
// mutate.ts enumerated instead of drawn. Where a move needs values it does not choose (the
// hyperparameters of a new op or a new layer), it keeps the old layer's value for a field both
// ops have, else takes the first choice, so the neighbourhood is deterministic and stays small.
import type { ChainArchitecture, ChainLayer, ChainOp } from './types';
import type { ResolvedChainSpaceOptions } from './options';
import { OP_FIELDS, allowedOpsBetween, fieldChoices, getField, withField } from './ops';
import { inPlaceOf, newLayer } from './mutate';
import { validateChain } from './validate';
import { compileChain } from './compile';
import { graphHash } from '../../graph';

function layerOf(op: ChainOp, opts: ResolvedChainSpaceOptions, like?: ChainLayer): ChainLayer {
  const layer: Record<string, unknown> = { op };
  for (const field of OP_FIELDS[op]) {
    const choices = fieldChoices(opts, op, field);
    const kept = like === undefined ? undefined : getField(like, field);
    layer[field] = choices.includes(kept as never) ? kept : choices[0];
  }
  return layer as unknown as ChainLayer;
}

export function chainNeighbours(arch: ChainArchitecture, opts: ResolvedChainSpaceOptions): ChainArchitecture[] {
  const layers = arch.layers;
  const out: ChainLayer[][] = [];
  const replaced = (i: number, layer: ChainLayer): ChainLayer[] => layers.map((l, j) => (j === i ? layer : l));
  layers.forEach((layer, i) => {
    for (const op of allowedOpsBetween(opts, layers.slice(0, i), layers.slice(i + 1))) {
      if (op !== layer.op) out.push(replaced(i, inPlaceOf(layer, layerOf(op, opts, layer))));
    }
    for (const field of OP_FIELDS[layer.op]) {
      for (const value of fieldChoices(opts, layer.op, field)) {
        if (value !== getField(layer, field)) out.push(replaced(i, withField(layer, field, value)));
      }
    }
  });
  if (layers.length < opts.maxLayers) {
    for (let p = 0; p <= layers.length; p++) {
      for (const op of allowedOpsBetween(opts, layers.slice(0, p), layers.slice(p))) {
        out.push([...layers.slice(0, p), newLayer(layers, layerOf(op, opts)), ...layers.slice(p)]);
      }
    }
  }
  if (layers.length > opts.minLayers) {
    layers.forEach((_, i) => {
      const rest = layers.filter((__, j) => j !== i);
      if (validateChain({ type: 'chain', layers: rest }, opts).length === 0) out.push(rest);
    });
  }
  // Different moves can make the same network (removing either of two equal layers, inserting a
  // layer before or after its twin): each network is listed once, and never the chain itself.
  const seen = new Set([graphHash(compileChain(arch))]);
  return out
    .map((l): ChainArchitecture => ({ type: 'chain', layers: l }))
    .filter((neighbour) => {
      const hash = graphHash(compileChain(neighbour));
      if (seen.has(hash)) return false;
      seen.add(hash);
      return true;
    });
}
