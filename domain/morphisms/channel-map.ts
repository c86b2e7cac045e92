// Following a change of channels downstream. When a morphism changes which channels a node
// outputs (widening replicates some, filter removal drops some, a concatenated skip adds new
// ones), every layer with weights that reads those channels, directly or through pooling,
// identity nodes and concatenations, must re-index its input weights. This walks the child
// graph and says how, or that the change cannot be absorbed (a sum would add differently
// indexed channels).
import type { ArchitectureGraph } from '../../contracts/graph';
import type { NodeInit } from '../../contracts/weight-map';
import { checkStructure } from '../graph';
import { PASS_THROUGH_OPS, WEIGHTED_OPS } from './graph-facts';

/** Child channel j carries parent channel `src` (null: a new channel), to be weighted by `scale`. */
export interface ChannelEntry {
  src: number | null;
  scale: number;
}
export type ChannelMap = ChannelEntry[];

export const identityMap = (channels: number): ChannelMap => Array.from({ length: channels }, (_, j) => ({ src: j, scale: 1 }));

const sameMap = (a: ChannelMap, b: ChannelMap): boolean =>
  a.length === b.length && a.every((e, j) => e.src === b[j].src && e.scale === b[j].scale);

/**
 * Input re-indexing of every weighted node downstream of `changed` (child node id -> its new
 * output map) in `child`, or undefined when a sum merge meets differently indexed inputs.
 * `parentChannels(id)` is the output channel count of a node in the parent, which unchanged
 * nodes keep.
 */
export function propagateChannels(
  child: ArchitectureGraph,
  changed: ReadonlyMap<string, ChannelMap>,
  parentChannels: (id: string) => number,
): Map<string, ChannelMap> | undefined {
  const maps = new Map(changed);
  const consumers = new Map<string, ChannelMap>();
  for (const node of checkStructure(child).order) {
    if (maps.has(node.id) || node.inputs.length === 0 || !node.inputs.some((i) => maps.has(i))) continue;
    const inputs = node.inputs.map((i) => maps.get(i) ?? identityMap(parentChannels(i)));
    let merged: ChannelMap;
    if (inputs.length === 1) merged = inputs[0];
    else if (node.merge === 'sum') {
      if (!inputs.every((m) => sameMap(m, inputs[0]))) return undefined;
      merged = inputs[0];
    } else {
      // Concatenation: each input's parent channels sit after those of the inputs before it.
      merged = [];
      let offset = 0;
      node.inputs.forEach((id, k) => {
        for (const e of inputs[k]) merged.push({ src: e.src === null ? null : e.src + offset, scale: e.scale });
        offset += parentChannels(id);
      });
    }
    if (WEIGHTED_OPS.has(node.op)) consumers.set(node.id, merged);
    else if (PASS_THROUGH_OPS.has(node.op)) maps.set(node.id, merged);
    else return undefined;
  }
  return consumers;
}

/** The weight-map entries of re-indexed consumers (they inherit from themselves otherwise unchanged). */
export function consumerInits(consumers: ReadonlyMap<string, ChannelMap>, noise?: { stddev: number; seed: number }): Record<string, NodeInit> {
  const inits: Record<string, NodeInit> = {};
  for (const [id, map] of consumers) {
    const scaled = map.some((e) => e.scale !== 1);
    inits[id] = {
      kind: 'inherit',
      from: id,
      inChannels: map.map((e) => e.src),
      ...(scaled ? { inScale: map.map((e) => e.scale) } : {}),
      ...(noise !== undefined && noise.stddev > 0 ? { inNoise: noise } : {}),
    };
  }
  return inits;
}
