// The hierarchical family (domain side): options, validity and connectivity of samples, the
// messages of validate, the compiled skeleton and its nesting of ids, the hash under relabelled
// motifs, the encoding and neighbours. The tfjs property test is
// test/trainer/space-properties-hierarchical.test.ts.
import test from 'ava';
import { DEFAULT_HIERARCHICAL_SPACE_OPTIONS, HierarchicalSpace, PRIMITIVES, compileHierarchical, type HierarchicalArchitecture } from '../../domain/spaces/hierarchical';
import { parseSearchConfig } from '../../domain/config/validate';
import { graphCosts } from '../../domain/graph';
import { Rng } from '../../domain/rng';
import { checkEncoding, checkNeighbours, configProblems } from './helpers/space-checks';

const space = new HierarchicalSpace();
const samples = (s: HierarchicalSpace, n: number, seed = 1): HierarchicalArchitecture[] => {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => s.sample(rng));
};

/** The README's example: three motifs of four nodes, a cell of four nodes. */
const EXAMPLE: HierarchicalArchitecture = {
  type: 'hierarchical',
  motifs: [
    [['sepconv3'], ['none', 'conv1'], ['identity', 'none', 'maxpool3']],
    [['conv3'], ['avgpool3', 'none'], ['none', 'identity', 'conv1']],
    [['maxpool3'], ['conv1', 'sepconv3'], ['none', 'none', 'identity']],
  ],
  cell: [['m0'], ['identity', 'm1'], ['none', 'm2', 'identity']],
};

test('hierarchical: defaults, and a config naming the family gets them filled in', (t) => {
  t.deepEqual(DEFAULT_HIERARCHICAL_SPACE_OPTIONS, {
    primitives: ['conv1', 'conv3', 'sepconv3', 'maxpool3', 'avgpool3', 'identity'],
    motifs: 3,
    motifNodes: 4,
    cellNodes: 4,
    merge: 'sum',
    initialFilters: 8,
    stacks: 2,
    cellsPerStack: 1,
    order: 'act-conv-bn',
  });
  t.deepEqual(parseSearchConfig({ space: { type: 'hierarchical' } }).space, { type: 'hierarchical', ...DEFAULT_HIERARCHICAL_SPACE_OPTIONS });
});

test('hierarchical: bad options are refused naming the key', (t) => {
  t.deepEqual(configProblems({ type: 'hierarchical', primitives: ['conv3', 'zero'], motifNodes: 1, merge: 'max', levels: 4 }), [
    'space.levels: unknown key; allowed keys in space: type, primitives, motifs, motifNodes, cellNodes, merge, initialFilters, stacks, cellsPerStack, order',
    `space.primitives: must be a non-empty list of ${PRIMITIVES.join('|')} (no edge is the motifs' own "none"), got ["conv3","zero"]`,
    'space.motifNodes: must be an integer between 2 and 8, got 1',
    'space.merge: must be one of "sum", "concat", got "max"',
  ]);
  t.throws(() => new HierarchicalSpace({ motifs: 0 }), { message: 'space.motifs: must be an integer between 1 and 16, got 0' });
});

test('hierarchical: thousands of samples are valid, connected, and use every primitive, motif and none', (t) => {
  const all = samples(space, 1000);
  t.deepEqual(all.map((a) => space.validate(a)).filter((p) => p.length > 0), []);
  const level2 = new Set(all.flatMap((a) => a.motifs.flat(2)));
  t.deepEqual([...level2].sort(), [...DEFAULT_HIERARCHICAL_SPACE_OPTIONS.primitives, 'none'].sort());
  const level3 = new Set(all.flatMap((a) => a.cell.flat()));
  t.deepEqual([...level3].sort(), ['identity', 'm0', 'm1', 'm2', 'none']);
  // The first node of a motif of four may skip straight to the output: not every edge is live.
  t.true(all.some((a) => a.cell[0][0] === 'identity' && a.cell[1][0] === 'none' && a.cell[2][0] !== 'none'));
});

test('hierarchical: validate names the motif, node and rule broken', (t) => {
  const copy = (): HierarchicalArchitecture => JSON.parse(JSON.stringify(EXAMPLE)) as HierarchicalArchitecture;
  t.deepEqual(space.validate(EXAMPLE), []);
  const noInput = copy();
  noInput.motifs[1][1] = ['none', 'none'];
  t.deepEqual(space.validate(noInput), ["motif1: node 2 has no input (every edge into it is 'none')"]);
  const deadEnd = copy();
  deadEnd.cell = [['m0'], ['identity', 'none'], ['none', 'none', 'm2']];
  t.deepEqual(space.validate(deadEnd), ["cell: node 1 reaches nothing (every edge out of it is 'none'), so it never reaches the output"]);
  const ragged = copy();
  ragged.motifs[2] = [['maxpool3'], ['conv1'], ['none', 'none', 'identity']];
  t.deepEqual(space.validate(ragged), ['motif2: row 1 (edges into node 2) must list 2 operation names, got ["conv1"]']);
  const unknownOp = copy();
  unknownOp.motifs[0][0] = ['conv7' as 'conv1'];
  t.deepEqual(space.validate(unknownOp), ['motif0.n1.from0: "conv7" is not one of ["conv1","conv3","sepconv3","maxpool3","avgpool3","identity"]']);
  const missingMotif = copy();
  missingMotif.cell[0] = ['m3'];
  t.deepEqual(space.validate(missingMotif), ['cell.n1.from0: "m3" is not one of ["identity","m0","m1","m2"]']);
  t.deepEqual(space.validate({ ...EXAMPLE, motifs: EXAMPLE.motifs.slice(1) }), [`motifs: expected 3 level-2 motifs, got ${JSON.stringify(EXAMPLE.motifs.slice(1))}`]);
});

test('hierarchical: describe lists each motif node with its incoming edges', (t) => {
  t.is(
    space.describe(EXAMPLE),
    'm0: [sepconv3(0)] [conv1(1)] [identity(0)+maxpool3(2)]; m1: [conv3(0)] [avgpool3(0)] [identity(1)+conv1(2)]; ' +
      'm2: [maxpool3(0)] [conv1(0)+sepconv3(1)] [identity(2)]; cell: [m0(0)] [identity(0)+m1(1)] [m2(1)+identity(2)]',
  );
});

test('hierarchical: the compiled network nests motif nodes inside cell edges and follows the skeleton', (t) => {
  const graph = space.compile(EXAMPLE);
  const node = (id: string) => graph.nodes.find((n) => n.id === id);
  // Cell c0 reads the stem; its edge 0->1 is motif m0, whose node 1 is a sepconv on the cell input.
  t.deepEqual(node('c0_e0_1_e0_1'), { id: 'c0_e0_1_e0_1', op: 'sepconv', params: { filters: 8, kernelSize: 3, strides: 1, activation: 'relu', order: 'act-conv-bn' }, inputs: ['stem'] });
  t.deepEqual(node('c0_e0_1_n3')?.inputs, ['c0_e0_1_e0_3', 'c0_e0_1_e2_3']);
  // Cell node 1 is m0's output; node 2 sums identity(node 0) and m1(node 1).
  t.deepEqual(node('c0_n2'), { id: 'c0_n2', op: 'identity', params: {}, inputs: ['c0_e0_2', 'c0_e1_2_n3'], merge: 'sum' });
  t.deepEqual(node('c0_e0_2')?.inputs, ['stem']);
  // Between the stacks: a stride-2 separable convolution doubling the filters, read by cell c1.
  t.deepEqual(node('r1'), { id: 'r1', op: 'sepconv', params: { filters: 16, kernelSize: 3, strides: 2, activation: 'relu', order: 'act-conv-bn' }, inputs: ['c0_n3'] });
  t.deepEqual(node('c1_e0_1_e0_1')?.inputs, ['r1']);
  t.deepEqual(node('head'), { id: 'head', op: 'head', params: { pooling: 'global-avg' }, inputs: ['c1_n3'] });
  t.deepEqual(graphCosts(graph, [28, 28, 1], 10).nodes.find((n) => n.id === 'c1_n3')?.output, [14, 14, 16]);
  // With concatenating merges, a node of several inputs is a 1x1 convolution of their concatenation.
  const concat = new HierarchicalSpace({ merge: 'concat' }).compile(EXAMPLE);
  t.deepEqual(concat.nodes.find((n) => n.id === 'c0_n2'), {
    id: 'c0_n2',
    op: 'conv',
    params: { filters: 8, kernelSize: 1, strides: 1, activation: 'relu', order: 'act-conv-bn' },
    inputs: ['c0_e0_2', 'c0_e1_2_n3'],
    merge: 'concat',
  });
});

test('hierarchical: a genotype compiles at any scale', (t) => {
  const macro = { ...space.macro, initialFilters: 16, stacks: 3, cellsPerStack: 2 };
  const large = compileHierarchical(EXAMPLE, macro);
  t.deepEqual(new HierarchicalSpace({ initialFilters: 16, stacks: 3, cellsPerStack: 2 }).compile(EXAMPLE), large);
  t.deepEqual(large.nodes.filter((n) => /^r\d$/.test(n.id)).map((n) => n.params.filters), [32, 64]);
  t.true(graphCosts(large, [32, 32, 3], 10).params > 10 * graphCosts(space.compile(EXAMPLE), [32, 32, 3], 10).params);
});

test('hierarchical: relabelling the motifs or renumbering a motif\'s nodes keeps the hash', (t) => {
  // m0 and m1 swapped, the cell's references renamed.
  const swapped: HierarchicalArchitecture = {
    type: 'hierarchical',
    motifs: [EXAMPLE.motifs[1], EXAMPLE.motifs[0], EXAMPLE.motifs[2]],
    cell: [['m1'], ['identity', 'm0'], ['none', 'm2', 'identity']],
  };
  t.deepEqual(space.validate(swapped), []);
  t.is(space.hash(swapped), space.hash(EXAMPLE));
  // In m1 nodes 1 and 2 both read only node 0: numbering them the other way is the same motif.
  const renumbered: HierarchicalArchitecture = {
    ...EXAMPLE,
    motifs: [EXAMPLE.motifs[0], [['avgpool3'], ['conv3', 'none'], ['none', 'conv1', 'identity']], EXAMPLE.motifs[2]],
  };
  t.deepEqual(space.validate(renumbered), []);
  t.is(space.hash(renumbered), space.hash(EXAMPLE));
  // A motif the cell does not use is not part of the network.
  const unusedChanged: HierarchicalArchitecture = { ...EXAMPLE, cell: [['m0'], ['identity', 'm0'], ['none', 'm2', 'identity']] };
  t.is(space.hash({ ...unusedChanged, motifs: [EXAMPLE.motifs[0], EXAMPLE.motifs[2], EXAMPLE.motifs[2]] }), space.hash(unusedChanged));
  // Changing one used primitive changes the network.
  t.not(space.hash({ ...EXAMPLE, motifs: [[['sepconv3'], ['none', 'conv3'], ['identity', 'none', 'maxpool3']], ...EXAMPLE.motifs.slice(1)] }), space.hash(EXAMPLE));
});

test('hierarchical: decode(encode(a)) is a, nextChoice walks the encoding', (t) => {
  checkEncoding(t, space, samples(space, 150, 2));
  const primitives = DEFAULT_HIERARCHICAL_SPACE_OPTIONS.primitives;
  // Node 1 has a single possible input: its edge cannot be 'none'.
  t.deepEqual(space.nextChoice([]), { key: 'motif0.n1.from0', options: primitives });
  t.deepEqual(space.nextChoice(['conv1']), { key: 'motif0.n2.from0', options: ['none', ...primitives] });
  t.deepEqual(space.nextChoice(['conv1', 'none'])?.options, primitives, 'node 2 needs an input');
});

test('hierarchical: neighbours are valid, distinct networks', (t) => {
  checkNeighbours(t, space, samples(space, 3, 3));
});

test('hierarchical: mutations are valid and change the network', (t) => {
  const rng = new Rng(4);
  for (const a of samples(space, 200, 4)) {
    const child = space.mutate(a, rng);
    t.deepEqual(space.validate(child), []);
    t.not(space.hash(child), space.hash(a));
  }
});
