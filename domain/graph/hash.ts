// Canonical hash of an architecture graph: equal for isomorphic graphs (the same network with
// its nodes listed, numbered or named differently, or the blocks of a cell in another order),
// different for different networks. Node ids never enter it.
//
// Each node gets a label from its operation, parameters and merge, refined twice in the manner
// of Weisfeiler-Lehman (as NAS-Bench-101 does): downward with the labels of its inputs, upward
// with those of its consumers. Inputs of sums and concatenations count as multisets: a
// concatenation in another order is a permutation of channels, the same network. The hash
// covers the multiset of node labels and of edges between labels, so sharing differs from
// duplication (one convolution feeding two pools is not two convolutions). Graphs that
// Weisfeiler-Lehman cannot tell apart could collide; no family here produces such pairs.
import type { ArchitectureGraph, GraphNode, ParamValue } from '../../contracts/graph';
import { sha256Hex } from '../hash/sha256';
import { GraphError } from './errors';
import { checkStructure } from './structure';
import { BoundedMemo } from '../bounded-memo';

/** Hex characters kept: 128 bits, collision-free for any search's scale. */
const HASH_LENGTH = 32;

function paramsKey(params: Readonly<Record<string, ParamValue>>): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${k}=${JSON.stringify(params[k])}`)
    .join(',');
}

const sorted = (items: string[]): string => [...items].sort().join(';');

/**
 * Hashes already computed, by the graph's JSON: a search hashes the same network several times
 * (the strategy's novelty check, the engine's duplicate check, the tabular lookup), and the
 * plain-TypeScript SHA-256 made hashing most of a simulated search's time. At most ~1 M
 * characters of keys (a cell network's JSON is a few kB).
 */
const graphs = new BoundedMemo(1_000_000);

/**
 * Node labels already hashed, by their text: the same operation, and the same small subgraph
 * below or above it, recur across the nodes of a network and across networks of a space, so
 * most label hashes are repeats.
 */
const labels = new BoundedMemo(1_000_000);
const labelHash = (text: string): string => labels.get(text, sha256Hex);

/**
 * Sets how many characters of keys each hash memo keeps (1 M by default, a few hundred cell
 * networks). A simulation that hashes thousands of networks in one process (bench/strategies)
 * raises it; results are the same at any size.
 */
export function setGraphHashMemoChars(maxChars: number): void {
  graphs.resize(maxChars);
  labels.resize(maxChars);
}

export function graphHash(graph: ArchitectureGraph): string {
  return graphs.get(JSON.stringify(graph), () => computeGraphHash(graph));
}

function computeGraphHash(graph: ArchitectureGraph): string {
  const { problems, order } = checkStructure(graph);
  if (problems.length > 0) throw new GraphError(problems);
  const consumers = new Map<string, GraphNode[]>(order.map((n) => [n.id, []]));
  for (const node of order) for (const input of node.inputs) consumers.get(input)?.push(node);

  const base = new Map(order.map((n) => [n.id, labelHash(`${n.op}(${paramsKey(n.params)})${n.merge ?? ''}`)]));
  const down = new Map<string, string>();
  for (const node of order) {
    down.set(node.id, labelHash(`${base.get(node.id)}<${sorted(node.inputs.map((i) => down.get(i) as string))}`));
  }
  const up = new Map<string, string>();
  for (const node of [...order].reverse()) {
    const users = (consumers.get(node.id) ?? []).map((c) => `${down.get(c.id)}^${up.get(c.id)}`);
    up.set(node.id, labelHash(`${down.get(node.id)}>${sorted(users)}`));
  }
  const label = (id: string): string => up.get(id) as string;
  const nodes = sorted(order.map((n) => label(n.id)));
  const edges = sorted(order.flatMap((n) => n.inputs.map((i) => `${label(i)}-${label(n.id)}`)));
  return sha256Hex(`${nodes}|${edges}`).slice(0, HASH_LENGTH);
}
