// What the operators need to know about a parent graph, computed once: every node's input and
// output shape, its consumers, and editing helpers that return new graphs.
import type { ArchitectureGraph, FeatureShape, GraphNode } from '../../contracts/graph';
import type { NodeInit, WeightMap } from '../../contracts/weight-map';
import { graphCosts } from '../graph';
import { copyJson } from '../json';
import type { MorphismContext } from './operator';

/** Operations with weights, whose input channels a morphism may have to re-index. */
export const WEIGHTED_OPS: ReadonlySet<string> = new Set(['conv', 'sepconv', 'dilconv', 'dense', 'head']);
/** Operations that pass channels through one to one (pooling keeps channels apart). */
export const PASS_THROUGH_OPS: ReadonlySet<string> = new Set(['identity', 'maxpool', 'avgpool', 'zero']);
export const CONV_OPS: ReadonlySet<string> = new Set(['conv', 'sepconv', 'dilconv']);

export class GraphFacts {
  readonly byId: ReadonlyMap<string, GraphNode>;
  readonly inputShape = new Map<string, FeatureShape>();
  readonly outputShape = new Map<string, FeatureShape>();
  readonly consumers = new Map<string, string[]>();
  /** Topological order of the nodes that reach the head. */
  readonly order: string[];

  constructor(readonly graph: ArchitectureGraph, ctx: MorphismContext) {
    const costs = graphCosts(graph, ctx.inputShape, ctx.numClasses);
    this.byId = new Map(graph.nodes.map((n) => [n.id, n]));
    this.order = costs.nodes.map((n) => n.id);
    for (const n of costs.nodes) {
      this.outputShape.set(n.id, n.output);
      if (n.input) this.inputShape.set(n.id, n.input);
    }
    for (const n of graph.nodes) this.consumers.set(n.id, []);
    for (const n of graph.nodes) for (const i of n.inputs) this.consumers.get(i)?.push(n.id);
  }

  node(id: string): GraphNode {
    const n = this.byId.get(id);
    if (n === undefined) throw new Error(`morphism site: no node '${id}' in the graph`);
    return n;
  }

  out(id: string): FeatureShape {
    return this.outputShape.get(id) as FeatureShape;
  }

  /** Output channels (units when flat). */
  channels(id: string): number {
    const s = this.out(id);
    return s[s.length - 1];
  }

  /** Nodes reachable from `id` along edges, `id` included. */
  descendants(id: string): Set<string> {
    const seen = new Set<string>([id]);
    const stack = [id];
    while (stack.length > 0) {
      for (const c of this.consumers.get(stack.pop() as string) ?? []) {
        if (!seen.has(c)) {
          seen.add(c);
          stack.push(c);
        }
      }
    }
    return seen;
  }

  /**
   * Whether the node's output is never negative, so a ReLU after it changes nothing: a ReLU
   * ends it, or it pools, merges or passes on outputs that are never negative.
   */
  nonNegative(id: string): boolean {
    const n = this.node(id);
    if (n.op === 'zero') return true;
    if (n.op === 'conv' || n.op === 'sepconv' || n.op === 'dilconv') return n.params.activation === 'relu' && n.params.order !== 'act-conv-bn';
    if (n.op === 'dense') return n.params.activation === 'relu';
    if (PASS_THROUGH_OPS.has(n.op)) return n.inputs.every((i) => this.nonNegative(i));
    return false;
  }

  /** A node id not used in the graph: `m1`, `m2`, ... */
  freshId(taken: ReadonlySet<string> = new Set()): string {
    for (let k = 1; ; k++) {
      const id = `m${k}`;
      if (!this.byId.has(id) && !taken.has(id)) return id;
    }
  }
}

/** Every node of `graph` inheriting its own weights unchanged (operators then override some). */
export function inheritAll(graph: ArchitectureGraph): Record<string, NodeInit> {
  const nodes: Record<string, NodeInit> = {};
  for (const n of graph.nodes) if (WEIGHTED_OPS.has(n.op)) nodes[n.id] = { kind: 'inherit', from: n.id };
  return nodes;
}

/** A copy of `graph` where every consumer of `from` takes `to` instead (except `to` itself). */
export function redirect(graph: ArchitectureGraph, from: string, to: string): ArchitectureGraph {
  const copy = copyJson(graph);
  for (const n of copy.nodes) {
    if (n.id === to) continue;
    n.inputs = n.inputs.map((i) => (i === from ? to : i));
  }
  return copy;
}

/** Inserts `added` just before the first node listed after `after`, keeping listing readable. */
export function insertAfter(graph: ArchitectureGraph, after: string, added: GraphNode[]): ArchitectureGraph {
  const at = graph.nodes.findIndex((n) => n.id === after) + 1;
  return { nodes: [...graph.nodes.slice(0, at), ...added, ...graph.nodes.slice(at)] };
}

export function weightMap(nodes: Record<string, NodeInit>, exact: boolean): WeightMap {
  return { nodes, exact };
}
