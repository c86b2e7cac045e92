// Single-step mutation of a chain: the neighbourhood that evolutionary strategies walk.
// Each kind lists its applicable sites up front, so a draw never needs rejection retries and
// the result is valid and different from the input by construction.
import type { ChainArchitecture, ChainLayer } from './types';
import type { Rng } from '../../rng';
import type { ResolvedChainSpaceOptions } from './options';
import { OP_FIELDS, allowedOpsBetween, fieldChoices, getField, sampleLayer, withField } from './ops';
import { validateChain } from './validate';

export type ChainMutationKind = 'op' | 'hyperparameter' | 'insert' | 'remove';

export interface ChainMutation {
  kind: ChainMutationKind;
  architecture: ChainArchitecture;
}

/** One place a mutation of some kind can happen; `apply` draws the new value(s). */
type Site = (rng: Rng) => ChainLayer[];

const replaceAt = (layers: readonly ChainLayer[], i: number, layer: ChainLayer): ChainLayer[] =>
  layers.map((l, j) => (j === i ? layer : l));

/** A replacement layer keeps the node id of the one it replaces (absent for legacy chains). */
export function inPlaceOf(old: ChainLayer, layer: ChainLayer): ChainLayer {
  return old.id === undefined ? layer : ({ id: old.id, ...layer } as ChainLayer);
}

/** A node id no layer of `layers` uses: n<k> with k above every n<j> in use. */
export function freshLayerId(layers: readonly ChainLayer[]): string {
  const used = layers.map((l) => /^n(\d+)$/.exec(l.id ?? '')).map((m) => (m ? Number(m[1]) : 0));
  return `n${Math.max(0, ...used) + 1}`;
}

/** A new layer gets its own id, unless the chain is a legacy one without ids (then none). */
export function newLayer(layers: readonly ChainLayer[], layer: ChainLayer): ChainLayer {
  return layers.some((l) => l.id !== undefined) || layers.length === 0 ? ({ id: freshLayerId(layers), ...layer } as ChainLayer) : layer;
}

/** Change one layer's op to a different one legal at its position; its hyperparameters are redrawn. */
function opSites(layers: readonly ChainLayer[], opts: ResolvedChainSpaceOptions): Site[] {
  return layers.flatMap((layer, i) => {
    const ops = allowedOpsBetween(opts, layers.slice(0, i), layers.slice(i + 1)).filter((op) => op !== layer.op);
    return ops.length === 0 ? [] : [(rng: Rng) => replaceAt(layers, i, inPlaceOf(layer, sampleLayer(rng.pick(ops), opts, rng)))];
  });
}

/** Each (layer, hyperparameter) pair with another value available is one site. */
function hyperparameterSites(layers: readonly ChainLayer[], opts: ResolvedChainSpaceOptions): Site[] {
  return layers.flatMap((layer, i) =>
    OP_FIELDS[layer.op].flatMap((field) => {
      const others = fieldChoices(opts, layer.op, field).filter((v) => v !== getField(layer, field));
      return others.length === 0 ? [] : [(rng: Rng) => replaceAt(layers, i, withField(layer, field, rng.pick(others)))];
    }),
  );
}

/** Each gap (before the first layer, between two, after the last) that admits some op is one site. */
function insertSites(layers: readonly ChainLayer[], opts: ResolvedChainSpaceOptions): Site[] {
  if (layers.length >= opts.maxLayers) return [];
  const sites: Site[] = [];
  for (let p = 0; p <= layers.length; p++) {
    const ops = allowedOpsBetween(opts, layers.slice(0, p), layers.slice(p));
    if (ops.length > 0) {
      sites.push((rng) => [...layers.slice(0, p), newLayer(layers, sampleLayer(rng.pick(ops), opts, rng)), ...layers.slice(p)]);
    }
  }
  return sites;
}

/** Removing a layer keeps order and dense cap intact; only the spatial-first rule can break. */
function removeSites(layers: readonly ChainLayer[], opts: ResolvedChainSpaceOptions): Site[] {
  if (layers.length <= opts.minLayers) return [];
  return layers.flatMap((_, i) => {
    const rest = layers.filter((__, j) => j !== i);
    return validateChain({ type: 'chain', layers: rest }, opts).length === 0 ? [() => rest] : [];
  });
}

/**
 * Exactly one change to a valid `arch`: a kind is drawn uniformly among the applicable ones,
 * then a site uniformly among that kind's sites, then the new value(s) uniformly. Drawing the
 * kind first keeps structural moves (insert/remove) as likely as tweaks, however many
 * hyperparameters a chain has. Throws on an invalid input or a space with a single member.
 */
export function mutateChain(arch: ChainArchitecture, opts: ResolvedChainSpaceOptions, rng: Rng): ChainMutation {
  const problems = validateChain(arch, opts);
  if (problems.length > 0) throw new Error(`cannot mutate an invalid chain: ${problems.join('; ')}`);
  const layers = arch.layers.map((l) => ({ ...l }));
  const kinds: [ChainMutationKind, Site[]][] = [
    ['op', opSites(layers, opts)],
    ['hyperparameter', hyperparameterSites(layers, opts)],
    ['insert', insertSites(layers, opts)],
    ['remove', removeSites(layers, opts)],
  ];
  const applicable = kinds.filter(([, sites]) => sites.length > 0);
  if (applicable.length === 0) throw new Error('cannot mutate: the chain space has a single architecture');
  const [kind, sites] = rng.pick(applicable);
  return { kind, architecture: { type: 'chain', layers: rng.pick(sites)(rng) } };
}
