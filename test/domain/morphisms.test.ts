// The morphism operators as pure graph edits: over random parents of every family each child is
// a valid graph for the input shape, the weight map names only nodes of the child and parent
// nodes of the parent, exact operators give every weighted child node an initialisation, and the
// same seed gives the same child. Function preservation itself is checked on tensors in
// test/trainer/morphism-preservation-*.test.ts.
import test from 'ava';
import type { ArchitectureGraph } from '../../contracts/graph';
import { validateGraph } from '../../domain/graph';
import { getMorphism, morphismNames, morphisms, randomMorphism, type MorphismContext } from '../../domain/morphisms';
import { Rng } from '../../domain/rng';
import { createSpace } from '../../domain/spaces';

const CTX: MorphismContext = { inputShape: [12, 12, 1], numClasses: 4 };
const chain = { maxLayers: 5, filters: [2, 4], units: [3, 6], kernelSizes: [1, 3, 5] };
const SPACES = [
  createSpace({ type: 'chain', ...chain }),
  createSpace({ type: 'multibranch', ...chain }),
  createSpace({ type: 'cell', initialFilters: 2, stacks: 2, cellsPerStack: 1 }),
  createSpace({ type: 'hierarchical', initialFilters: 2, stacks: 2, cellsPerStack: 1 }),
];
const WEIGHTED = new Set(['conv', 'sepconv', 'dilconv', 'dense', 'head']);

test('the registry lists every built-in operator, exact ones and approximate ones', (t) => {
  t.deepEqual(morphismNames(), ['deepen', 'widen', 'skip-sum', 'skip-concat', 'grow-kernel', 'remove-layer', 'remove-filters']);
  t.deepEqual(morphisms().filter((m) => !m.exact).map((m) => m.name), ['remove-layer', 'remove-filters']);
  t.throws(() => getMorphism('shrink'), { message: /unknown morphism 'shrink'; registered: deepen, widen/ });
});

for (const op of morphisms()) {
  test(`${op.name}: children of random parents of every family are valid and fully mapped`, (t) => {
    const rng = new Rng(11);
    const problems: string[] = [];
    let applied = 0;
    for (const space of SPACES) {
      if (!op.families.includes(space.type)) continue;
      for (let i = 0; i < 15; i++) {
        const parent = space.compile(space.sample(rng));
        const sites = op.sites(parent, CTX);
        if (sites.length === 0) continue;
        const site = rng.pick(sites);
        const child = op.apply(parent, site, CTX, rng);
        applied++;
        const where = `${space.type} at ${site}`;
        problems.push(...validateGraph(child.graph, CTX).map((p) => `${where}: ${p}`));
        t.not(JSON.stringify(child.graph), JSON.stringify(parent), `${where}: the child differs`);
        t.is(child.weightMap.exact, op.exact);
        const parentIds = new Set(parent.nodes.map((n) => n.id));
        const childIds = new Set(child.graph.nodes.map((n) => n.id));
        for (const [id, init] of Object.entries(child.weightMap.nodes)) {
          if (!childIds.has(id)) problems.push(`${where}: the map names '${id}', not a child node`);
          if (init.kind === 'inherit' && !parentIds.has(init.from)) problems.push(`${where}: '${id}' inherits from '${init.from}', not a parent node`);
        }
        if (op.exact) {
          for (const n of child.graph.nodes) {
            if (WEIGHTED.has(n.op) && child.weightMap.nodes[n.id] === undefined) problems.push(`${where}: '${n.id}' has no initialisation`);
          }
        }
      }
    }
    t.true(applied >= 10, `${op.name} applied to ${applied} parents only`);
    t.deepEqual(problems.slice(0, 3), []);
  });
}

test('a random morphism is a function of the seed, and the parent is left untouched', (t) => {
  const space = SPACES[0];
  const parent = space.compile(space.sample(new Rng(3)));
  const before = JSON.stringify(parent);
  const a = randomMorphism(parent, morphismNames(), CTX, new Rng(5));
  const b = randomMorphism(parent, morphismNames(), CTX, new Rng(5));
  t.truthy(a);
  t.deepEqual(a, b);
  t.is(JSON.stringify(parent), before);
});

test('deepen inserts an identity convolution after a ReLU and rewires its readers', (t) => {
  const parent: ArchitectureGraph = {
    nodes: [
      { id: 'input', op: 'input', params: {}, inputs: [] },
      { id: 'n1', op: 'conv', params: { filters: 4, kernelSize: 3, strides: 1, activation: 'relu', order: 'conv-act' }, inputs: ['input'] },
      { id: 'head', op: 'head', params: { pooling: 'flatten' }, inputs: ['n1'] },
    ],
  };
  t.deepEqual(getMorphism('deepen').sites(parent, CTX), ['n1']);
  const child = getMorphism('deepen').apply(parent, 'n1', CTX, new Rng(1));
  const m1 = child.graph.nodes.find((n) => n.id === 'm1');
  t.like(m1, { op: 'conv', params: { filters: 4, strides: 1, activation: 'relu', order: 'conv-act' }, inputs: ['n1'] });
  t.deepEqual(child.graph.nodes.find((n) => n.id === 'head')?.inputs, ['m1']);
  t.deepEqual(child.weightMap.nodes.m1, { kind: 'identity' });
  t.deepEqual(child.weightMap.nodes.n1, { kind: 'inherit', from: 'n1' });
});

test('widen replicates units of a layer and divides the weights its readers give them', (t) => {
  const parent: ArchitectureGraph = {
    nodes: [
      { id: 'input', op: 'input', params: {}, inputs: [] },
      { id: 'd1', op: 'dense', params: { units: 2, activation: 'tanh' }, inputs: ['input'] },
      { id: 'head', op: 'head', params: { pooling: 'flatten' }, inputs: ['d1'] },
    ],
  };
  const child = getMorphism('widen').apply(parent, 'd1', CTX, new Rng(2));
  const own = child.weightMap.nodes.d1;
  const reader = child.weightMap.nodes.head;
  if (own.kind !== 'inherit' || reader.kind !== 'inherit') return t.fail('both inherit');
  const replicaOf = own.outChannels as number[];
  t.deepEqual(replicaOf.slice(0, 2), [0, 1]);
  t.is(child.graph.nodes.find((n) => n.id === 'd1')?.params.units, replicaOf.length);
  t.deepEqual(reader.inChannels, replicaOf);
  const copies = (s: number) => replicaOf.filter((r) => r === s).length;
  t.deepEqual(reader.inScale, replicaOf.map((s) => 1 / copies(s)));
});
