// Remove filters (approximate, as in LEMONADE's shrinking): a convolution or dense layer keeps
// its first three quarters of filters or units; the layers reading them drop the matching input
// weights. The child approximates its parent and needs a short fine-tuning.
import type { ArchitectureGraph } from '../../contracts/graph';
import { copyJson } from '../json';
import { ALL_FAMILIES, type MorphismOperator } from './operator';
import { consumerInits, propagateChannels, type ChannelMap } from './channel-map';
import { CONV_OPS, GraphFacts, inheritAll, weightMap } from './graph-facts';

const kept = (width: number): number => width - Math.max(1, Math.floor(width / 4));

function shrunk(graph: ArchitectureGraph, facts: GraphFacts, site: string): { child: ArchitectureGraph; consumers: Map<string, ChannelMap> } | undefined {
  const node = facts.node(site);
  if ((!CONV_OPS.has(node.op) && node.op !== 'dense') || facts.channels(site) < 2) return undefined;
  const keep = kept(facts.channels(site));
  const child = copyJson(graph);
  const target = child.nodes.find((n) => n.id === site);
  if (target) target.params[node.op === 'dense' ? 'units' : 'filters'] = keep;
  const map: ChannelMap = Array.from({ length: keep }, (_, j) => ({ src: j, scale: 1 }));
  const consumers = propagateChannels(child, new Map([[site, map]]), (id) => facts.channels(id));
  return consumers === undefined ? undefined : { child, consumers };
}

export const removeFilters: MorphismOperator = {
  name: 'remove-filters',
  doc: 'remove a quarter of a layer\'s filters or units (approximate: fine-tune the child)',
  exact: false,
  families: ALL_FAMILIES,
  sites(graph, ctx) {
    const facts = new GraphFacts(graph, ctx);
    return facts.order.filter((id) => shrunk(graph, facts, id) !== undefined);
  },
  apply(graph, site, ctx) {
    const facts = new GraphFacts(graph, ctx);
    const done = shrunk(graph, facts, site);
    if (done === undefined) throw new Error(`remove-filters: node '${site}' cannot lose filters`);
    const keep = kept(facts.channels(site));
    return {
      graph: done.child,
      weightMap: weightMap(
        { ...inheritAll(graph), ...consumerInits(done.consumers), [site]: { kind: 'inherit', from: site, outChannels: Array.from({ length: keep }, (_, j) => j) } },
        false,
      ),
      operator: 'remove-filters',
      site,
    };
  },
};
