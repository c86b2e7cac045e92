// Widen (Chen et al. 2016, Net2WiderNet): a convolution or dense layer gets more filters or
// units by replicating existing ones; every layer reading them divides the weights of each
// replica by the number of copies, so the sum it computes is unchanged. Optional noise on those
// weights, summing to zero over each group of replicas, breaks the symmetry between copies.
import type { ArchitectureGraph } from '../../contracts/graph';
import type { NodeInit } from '../../contracts/weight-map';
import { copyJson } from '../json';
import type { Rng } from '../rng';
import { ALL_FAMILIES, type MorphismContext, type MorphismOperator } from './operator';
import { consumerInits, propagateChannels, type ChannelMap } from './channel-map';
import { CONV_OPS, GraphFacts, inheritAll, weightMap } from './graph-facts';

const MAX_WIDTH: Readonly<Record<string, number>> = { conv: 4096, sepconv: 4096, dilconv: 4096, dense: 65_536 };

const widthField = (op: string): 'filters' | 'units' => (op === 'dense' ? 'units' : 'filters');

/** Child unit j copies parent unit replicaOf[j]; the first `width` are the originals. */
function outputMap(replicaOf: number[]): ChannelMap {
  const copies = new Map<number, number>();
  for (const s of replicaOf) copies.set(s, (copies.get(s) ?? 0) + 1);
  return replicaOf.map((src) => ({ src, scale: 1 / (copies.get(src) as number) }));
}

function widened(graph: ArchitectureGraph, site: string, facts: GraphFacts, replicaOf: number[]): { child: ArchitectureGraph; consumers: Map<string, ChannelMap> } | undefined {
  const node = facts.node(site);
  const child = copyJson(graph);
  const target = child.nodes.find((n) => n.id === site);
  if (target) target.params[widthField(node.op)] = replicaOf.length;
  const consumers = propagateChannels(child, new Map([[site, outputMap(replicaOf)]]), (id) => facts.channels(id));
  return consumers === undefined ? undefined : { child, consumers };
}

function applicable(graph: ArchitectureGraph, site: string, facts: GraphFacts): boolean {
  const node = facts.node(site);
  if (!CONV_OPS.has(node.op) && node.op !== 'dense') return false;
  const width = facts.channels(site);
  if (width + 1 > MAX_WIDTH[node.op]) return false;
  return widened(graph, site, facts, [...Array.from({ length: width }, (_, j) => j), 0]) !== undefined;
}

function replicas(width: number, rng: Rng): number[] {
  const extra = 1 + rng.int(width);
  return [...Array.from({ length: width }, (_, j) => j), ...Array.from({ length: extra }, () => rng.int(width))];
}

export const widen: MorphismOperator = {
  name: 'widen',
  doc: 'more filters or units by replicating existing ones and dividing their outgoing weights (Net2WiderNet)',
  exact: true,
  families: ALL_FAMILIES,
  sites(graph, ctx: MorphismContext) {
    const facts = new GraphFacts(graph, ctx);
    return facts.order.filter((id) => applicable(graph, id, facts));
  },
  apply(graph, site, ctx, rng, options) {
    const facts = new GraphFacts(graph, ctx);
    const replicaOf = replicas(facts.channels(site), rng).slice(0, MAX_WIDTH[facts.node(site).op]);
    const done = widened(graph, site, facts, replicaOf);
    if (done === undefined) throw new Error(`widen: node '${site}' feeds a sum whose other inputs would not be widened alike`);
    const noise = options?.widenNoise ? { stddev: options.widenNoise, seed: rng.seed() } : undefined;
    const own: NodeInit = { kind: 'inherit', from: site, outChannels: replicaOf };
    return {
      graph: done.child,
      weightMap: weightMap({ ...inheritAll(graph), ...consumerInits(done.consumers, noise), [site]: own }, true),
      operator: 'widen',
      site,
    };
  },
};
