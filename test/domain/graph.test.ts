// The architecture graph's rules, shapes, costs and canonical hash, on hand-written graphs.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArchitectureGraph, GraphNode } from '../../contracts/graph';
import { graphCosts, graphHash, validateGraph } from '../../domain/graph';

const conv = (id: string, inputs: string[], filters = 8, extra: Partial<GraphNode> = {}): GraphNode => ({
  id,
  op: 'conv',
  params: { filters, kernelSize: 3, strides: 1, activation: 'relu', order: 'conv-act' },
  inputs,
  ...extra,
});
const input: GraphNode = { id: 'x', op: 'input', params: {}, inputs: [] };
const head = (from: string[], extra: Partial<GraphNode> = {}): GraphNode => ({ id: 'out', op: 'head', params: { pooling: 'global-avg' }, inputs: from, ...extra });

/** x -> a -> b, with a skip a -> sum(b, a) -> head. */
const residual: ArchitectureGraph = {
  nodes: [input, conv('a', ['x']), conv('b', ['a']), { id: 's', op: 'identity', params: {}, inputs: ['b', 'a'], merge: 'sum' }, head(['s'])],
};

const shapes = { inputShape: [8, 8, 1] as [number, number, number], numClasses: 3 };

test('a residual graph is valid; its costs are computed by hand', (t) => {
  t.deepEqual(validateGraph(residual, shapes), []);
  const costs = graphCosts(residual, [8, 8, 1], 3);
  // a: 3*3*1*8+8 = 80 params, 8*8*9*1*8 = 4608 MACs; b: 3*3*8*8+8 = 584, 8*8*9*8*8 = 36864;
  // head: global average (8 features) -> 3 classes: 8*3+3 = 27 params, 24 MACs.
  t.is(costs.params, 80 + 584 + 27);
  t.is(costs.flops, 2 * (4608 + 36864 + 24));
  t.deepEqual(costs.nodes.map((n) => n.id), ['x', 'a', 'b', 's', 'out']);
  t.deepEqual(costs.nodes.find((n) => n.id === 's')?.output, [8, 8, 8]);
});

test('nodes may be listed in any order: validation sorts them topologically', (t) => {
  const shuffled = { nodes: [...residual.nodes].reverse() };
  t.deepEqual(validateGraph(shuffled, shapes), []);
  t.deepEqual(graphCosts(shuffled, [8, 8, 1], 3).nodes.map((n) => n.id), ['x', 'a', 'b', 's', 'out']);
});

test('structural problems name the node and the rule', (t) => {
  const cases: [GraphNode[], string][] = [
    [[input, { ...conv('a', ['x']), op: 'lstm' }, head(['a'])], "node 'a' (lstm): unknown operation 'lstm'"],
    [[input, { ...conv('a', ['x']), params: { filters: 8, kernelSize: 3, strides: 1, activation: 'relu' } }, head(['a'])], "node 'a' (conv): parameter 'order' is missing (order of activation, convolution and batch norm)"],
    [[input, conv('a', ['x'], 0), head(['a'])], "node 'a' (conv): parameter 'filters' must be an integer between 1 and 4096, got 0"],
    [[input, { ...conv('a', ['x']), params: { ...conv('a', ['x']).params, kernelSize: 4 } }, head(['a'])], "node 'a' (conv): parameter 'kernelSize' must be one of 1, 3, 5, 7, got 4"],
    [[input, { ...conv('a', ['x']), params: { ...conv('a', ['x']).params, units: 3 } }, head(['a'])], "node 'a' (conv): 'units' is not a parameter of 'conv'"],
    [[input, conv('a', ['y']), head(['a'])], "node 'a' (conv): input 'y' is not a node of the graph"],
    [[input, conv('a', ['x', 'a']), head(['a'])], "node 'a' (conv): takes its own output as input"],
    [[input, conv('a', ['x']), conv('b', ['x', 'a']), head(['b'])], "node 'b' (conv): 2 inputs need a merge, one of 'sum', 'concat'; got undefined"],
    [[input, conv('a', ['x'], 8, { merge: 'sum' }), head(['a'])], "node 'a' (conv): merge is only meaningful with two or more inputs"],
    [[input, conv('a', []), head(['a'])], "node 'a' (conv): needs at least one input"],
    [[input, conv('a', ['x']), head(['a']), { ...head(['a']), id: 'out2' }], "graph: needs exactly one 'head' node, found 2"],
    [[conv('a', ['a2']), conv('a2', ['a']), head(['a'])], "graph: needs exactly one 'input' node, found 0"],
    [[input, conv('a', ['x', 'b'], 8, { merge: 'sum' }), conv('b', ['a']), head(['b'])], "graph: cycle among nodes 'a', 'b'"],
    [[input, conv('a', ['x']), conv('dead', ['x']), head(['a'])], "node 'dead' (conv): does not reach the head (its output is never used)"],
    [[input, conv('a', ['x']), { ...conv('a', ['x']) }, head(['a'])], "nodes[2]: id 'a' is used by another node"],
    [[input, conv('a b', ['x']), head(['a b'])], "nodes[1]: id must be 1-64 letters, digits or '_', got 'a b'"],
  ];
  for (const [nodes, message] of cases) t.true(validateGraph({ nodes }).includes(message), `expected ${message}, got ${JSON.stringify(validateGraph({ nodes }))}`);
  t.deepEqual(validateGraph(null), ["graph: must be an object with a 'nodes' list, got null"]);
});

test('shape problems name the node, the merge and the shapes met', (t) => {
  const strided = { ...conv('b', ['a']), params: { ...conv('b', ['a']).params, strides: 2 } };
  const sumMismatch = { nodes: [input, conv('a', ['x']), strided, { id: 's', op: 'identity', params: {}, inputs: ['b', 'a'], merge: 'sum' as const }, head(['s'])] };
  t.deepEqual(validateGraph(sumMismatch, shapes), [
    "node 's' (identity): a sum merge needs inputs of equal shape, got [4, 4, 8] from 'b', [8, 8, 8] from 'a'",
  ]);
  const concat = { nodes: [input, conv('a', ['x'], 4), conv('b', ['x'], 6), { id: 'c', op: 'identity', params: {}, inputs: ['a', 'b'], merge: 'concat' as const }, head(['c'])] };
  t.deepEqual(graphCosts(concat, [8, 8, 1], 3).nodes.find((n) => n.id === 'c')?.output, [8, 8, 10]);
  const dense: GraphNode = { id: 'd', op: 'dense', params: { units: 4, activation: 'relu' }, inputs: ['x'] };
  const afterDense = { nodes: [input, dense, conv('a', ['d']), head(['a'])] };
  t.deepEqual(validateGraph(afterDense, shapes), ["node 'a' (conv): needs a spatial [h, w, c] input, got flat [4] (spatial operations cannot follow a dense layer)"]);
});

test('the canonical hash ignores ids, listing order and the order of merged inputs', (t) => {
  const renamed: ArchitectureGraph = {
    nodes: [
      head(['m']),
      { id: 'm', op: 'identity', params: {}, inputs: ['q', 'p'], merge: 'sum' },
      conv('q', ['p']),
      conv('p', ['in']),
      { ...input, id: 'in' },
    ],
  };
  t.is(graphHash(renamed), graphHash(residual));
  t.regex(graphHash(residual), /^[0-9a-f]{32}$/);
});

test('the canonical hash tells different networks apart', (t) => {
  const wider: ArchitectureGraph = { nodes: residual.nodes.map((n) => (n.id === 'b' ? conv('b', ['a'], 16) : n)) };
  t.not(graphHash(wider), graphHash(residual));
  const concat: ArchitectureGraph = { nodes: residual.nodes.map((n) => (n.id === 's' ? { ...n, merge: 'concat' as const } : n)) };
  t.not(graphHash(concat), graphHash(residual));
  // One convolution feeding two pools is not two convolutions feeding one pool each.
  const pool = (id: string, from: string): GraphNode => ({ id, op: 'maxpool', params: { poolSize: 2, strides: 1 }, inputs: [from] });
  const cat = (a: string, b: string): GraphNode => ({ id: 'c', op: 'identity', params: {}, inputs: [a, b], merge: 'concat' });
  const shared = { nodes: [input, conv('a', ['x']), pool('p1', 'a'), pool('p2', 'a'), cat('p1', 'p2'), head(['c'])] };
  const duplicated = { nodes: [input, conv('a', ['x']), conv('a2', ['x']), pool('p1', 'a'), pool('p2', 'a2'), cat('p1', 'p2'), head(['c'])] };
  t.not(graphHash(shared), graphHash(duplicated));
});

test("the README's example graph is valid and builds the residual it describes", (t) => {
  const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## The architecture graph'));
  const json = /```json\n([\s\S]*?)```/.exec(section)?.[1];
  t.truthy(json, 'the section has a JSON example');
  const graph = JSON.parse(json as string) as ArchitectureGraph;
  t.deepEqual(validateGraph(graph, { inputShape: [28, 28, 1], numClasses: 10 }), []);
  t.deepEqual(graphCosts(graph, [28, 28, 1], 10).nodes.find((n) => n.id === 'n3')?.output, [28, 28, 16]);
});
