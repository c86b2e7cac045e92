// Add a skip connection by concatenation: node B's output becomes [B, A] along channels (A
// max-pooled with stride 2 where it has twice B's resolution). The layers reading B get zero
// weights for the new channels, so they compute what they did before.
import type { ArchitectureGraph, GraphNode } from '../../contracts/graph';
import { ALL_FAMILIES, type MorphismOperator } from './operator';
import { consumerInits, identityMap, propagateChannels, type ChannelMap } from './channel-map';
import { GraphFacts, inheritAll, insertAfter, redirect, weightMap } from './graph-facts';
import { parseSkipSite, skipSites, strideBetween } from './skip-sum';

interface Built {
  child: ArchitectureGraph;
  consumers: Map<string, ChannelMap>;
}

function build(graph: ArchitectureGraph, facts: GraphFacts, from: string, to: string, strides: number): Built | undefined {
  const concat = facts.freshId();
  const added: GraphNode[] = [];
  let source = from;
  if (strides === 2) {
    source = facts.freshId(new Set([concat]));
    added.push({ id: source, op: 'maxpool', params: { poolSize: 2, strides: 2 }, inputs: [from] });
  }
  added.push({ id: concat, op: 'identity', params: {}, inputs: [to, source], merge: 'concat' });
  const child = redirect(insertAfter(graph, to, added), to, concat);
  const map: ChannelMap = [...identityMap(facts.channels(to)), ...Array.from({ length: facts.channels(from) }, () => ({ src: null, scale: 0 }))];
  // The concatenation stands where B stood: in the parent's indexing it has B's channels.
  const consumers = propagateChannels(child, new Map([[concat, map]]), (id) => facts.channels(id === concat ? to : id));
  return consumers === undefined ? undefined : { child, consumers };
}

export const skipConcat: MorphismOperator = {
  name: 'skip-concat',
  doc: 'add a skip connection from an earlier node, concatenated; its channels meet zero weights downstream',
  exact: true,
  families: ALL_FAMILIES,
  sites(graph, ctx) {
    const facts = new GraphFacts(graph, ctx);
    // Whether B's readers can absorb new channels does not depend on A: check once per B.
    const absorbs = new Map<string, boolean>();
    return skipSites(facts, (from, to) => {
      const strides = strideBetween(facts, from, to);
      if (strides === undefined || facts.node(from).op === 'head') return false;
      if (!absorbs.has(to)) absorbs.set(to, build(graph, facts, from, to, strides) !== undefined);
      return absorbs.get(to) as boolean;
    });
  },
  apply(graph, site, ctx) {
    const facts = new GraphFacts(graph, ctx);
    const [from, to] = parseSkipSite(site);
    const strides = strideBetween(facts, from, to);
    const built = strides === undefined ? undefined : build(graph, facts, from, to, strides);
    if (built === undefined) throw new Error(`skip-concat: '${from}' cannot be concatenated to '${to}'`);
    return {
      graph: built.child,
      weightMap: weightMap({ ...inheritAll(graph), ...consumerInits(built.consumers) }, true),
      operator: 'skip-concat',
      site,
    };
  },
};
