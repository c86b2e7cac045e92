// Add a skip connection by sum: node B's output becomes B + P(A), where P is a new projection
// of an earlier node A (a 1x1 convolution, strided where A is twice B's resolution, or a dense
// layer when B is flat) whose weights start at zero, so the sum starts as B itself. Its
// activation is tanh, which maps 0 to 0 with slope 1, so the new path learns from the first step.
import type { GraphNode } from '../../contracts/graph';
import { sameOut } from '../ops/shape-math';
import { ALL_FAMILIES, type MorphismOperator } from './operator';
import { GraphFacts, inheritAll, insertAfter, redirect, weightMap } from './graph-facts';

export function parseSkipSite(site: string): [string, string] {
  const parts = site.split('>');
  if (parts.length !== 2) throw new Error(`skip site '${site}' must read "<from>><to>"`);
  return [parts[0], parts[1]];
}

/** The stride that brings A's resolution to B's, or undefined when none does (or A is flat). */
export function strideBetween(facts: GraphFacts, from: string, to: string): number | undefined {
  const a = facts.out(from);
  const b = facts.out(to);
  if (b.length === 1) return a.length === 1 ? 1 : undefined;
  if (a.length === 1) return undefined;
  return [1, 2].find((s) => sameOut(a[0], s) === b[0] && sameOut(a[1], s) === b[1]);
}

/** Pairs A>B with A not downstream of B and not already feeding it; B neither input nor head. */
export function skipSites(facts: GraphFacts, fits: (from: string, to: string) => boolean): string[] {
  const sites: string[] = [];
  for (const to of facts.order) {
    const target = facts.node(to);
    if (target.op === 'input' || target.op === 'head') continue;
    const downstream = facts.descendants(to);
    for (const from of facts.order) {
      if (downstream.has(from) || target.inputs.includes(from) || !fits(from, to)) continue;
      sites.push(`${from}>${to}`);
    }
  }
  return sites;
}

export const skipSum: MorphismOperator = {
  name: 'skip-sum',
  doc: 'add a skip connection from an earlier node, summed through a zero-initialised projection',
  exact: true,
  families: ALL_FAMILIES,
  sites(graph, ctx) {
    const facts = new GraphFacts(graph, ctx);
    // A dense projection from a spatial node would be large; flat targets take flat sources only.
    return skipSites(facts, (from, to) => facts.node(from).op !== 'head' && strideBetween(facts, from, to) !== undefined);
  },
  apply(graph, site, ctx) {
    const facts = new GraphFacts(graph, ctx);
    const [from, to] = parseSkipSite(site);
    const strides = strideBetween(facts, from, to);
    if (strides === undefined) throw new Error(`skip-sum: '${from}' cannot be brought to the shape of '${to}'`);
    const projection = facts.freshId();
    const sum = facts.freshId(new Set([projection]));
    const channels = facts.channels(to);
    const p: GraphNode =
      facts.out(to).length === 1
        ? { id: projection, op: 'dense', params: { units: channels, activation: 'tanh' }, inputs: [from] }
        : { id: projection, op: 'conv', params: { filters: channels, kernelSize: 1, strides, activation: 'tanh', order: 'conv-act' }, inputs: [from] };
    const s: GraphNode = { id: sum, op: 'identity', params: {}, inputs: [to, projection], merge: 'sum' };
    const child = redirect(insertAfter(graph, to, [p, s]), to, sum);
    return {
      graph: child,
      weightMap: weightMap({ ...inheritAll(graph), [projection]: { kind: 'zero' } }, true),
      operator: 'skip-sum',
      site,
    };
  },
};
