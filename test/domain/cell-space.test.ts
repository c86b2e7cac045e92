// The cell family (domain side): options, validity of samples, the choice encoding, neighbours,
// the canonical hash under block reordering, the macro skeleton, and duplicate detection in a
// search. The tfjs property test is test/trainer/space-properties-cell.test.ts.
import test from 'ava';
import { CellSpace, DEFAULT_CELL_SPACE_OPTIONS, compileCellNetwork, type CellArchitecture, type CellBlock } from '../../domain/spaces/cell';
import { parseSearchConfig } from '../../domain/config/validate';
import { ConfigError } from '../../domain/config/errors';
import { graphCosts, graphHash } from '../../domain/graph';
import { Rng } from '../../domain/rng';
import { EDGE_OPS } from '../../domain/spaces/edge-ops';
import { checkEncoding, checkNeighbours, configProblems } from './helpers/space-checks';

const space = new CellSpace();
const samples = (s: CellSpace, n: number, seed = 1): CellArchitecture[] => {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => s.sample(rng));
};

const block = (in0: string, op0: CellBlock['op0'], in1: string, op1: CellBlock['op1']): CellBlock => ({ in0, op0, in1, op1 });
/** The README's example. */
const EXAMPLE: CellArchitecture = {
  type: 'cell',
  normal: [block('c0', 'sepconv3', 'c1', 'maxpool3'), block('b0', 'identity', 'c1', 'conv3'), block('c1', 'dilconv3', 'c0', 'zero'), block('b1', 'sepconv5', 'b2', 'avgpool3')],
  reduction: [block('c0', 'maxpool3', 'c1', 'sepconv5'), block('c1', 'identity', 'b0', 'conv1'), block('b0', 'dilconv5', 'c0', 'avgpool3'), block('b1', 'sepconv3', 'c1', 'identity')],
};

test('cell: defaults, and a config naming the family gets them filled in', (t) => {
  t.deepEqual(DEFAULT_CELL_SPACE_OPTIONS, { blocks: 4, operations: [...EDGE_OPS], initialFilters: 8, stacks: 2, cellsPerStack: 1, order: 'act-conv-bn' });
  t.deepEqual(parseSearchConfig({ space: { type: 'cell' } }).space, { type: 'cell', ...DEFAULT_CELL_SPACE_OPTIONS });
  t.deepEqual(parseSearchConfig({ space: { type: 'cell', blocks: 2, operations: ['conv3', 'zero'] } }).space, {
    ...DEFAULT_CELL_SPACE_OPTIONS,
    type: 'cell',
    blocks: 2,
    operations: ['conv3', 'zero'],
  });
});

test('cell: options with which no network is possible are refused naming the key', (t) => {
  t.deepEqual(configProblems({ type: 'cell', operations: ['zero'] }), ['space.operations: needs an operation besides "zero" (a block must compute something), got ["zero"]']);
  t.deepEqual(configProblems({ type: 'cell', blocks: 0, stacks: 9, order: 'bn-act', operations: ['conv4'], depth: 3 }), [
    'space.depth: unknown key; allowed keys in space: type, blocks, operations, initialFilters, stacks, cellsPerStack, order',
    'space.blocks: must be an integer between 1 and 12, got 0',
    'space.operations: must be a non-empty list of conv1|conv3|conv5|conv7|sepconv3|sepconv5|dilconv3|dilconv5|maxpool3|avgpool3|identity|zero, got ["conv4"]',
    'space.stacks: must be an integer between 1 and 6, got 9',
    'space.order: must be one of "conv-act", "act-conv-bn", "conv-bn-act", got "bn-act"',
  ]);
  t.throws(() => new CellSpace({ blocks: 0 }), { message: 'space.blocks: must be an integer between 1 and 12, got 0' });
  t.throws(() => parseSearchConfig({ space: { type: 'cell', cellsPerStack: 0 } }), { instanceOf: ConfigError });
});

test('cell: thousands of samples are valid, read both previous cells and every block, and use every operation', (t) => {
  const all = samples(space, 1000);
  t.deepEqual(all.map((a) => space.validate(a)).filter((p) => p.length > 0), []);
  const blocks = all.flatMap((a) => [...a.normal, ...a.reduction]);
  const seen = (values: string[]) => [...new Set(values)].sort();
  t.deepEqual(seen(blocks.flatMap((b) => [b.op0, b.op1])), [...EDGE_OPS].sort());
  t.deepEqual(seen(blocks.flatMap((b) => [b.in0, b.in1])), ['b0', 'b1', 'b2', 'c0', 'c1']);
  t.false(blocks.some((b) => b.op0 === 'zero' && b.op1 === 'zero'), 'never two zero edges in a block');
  // Every cell reads c1 through a live edge, so no cell's output is left unused.
  const readsC1 = (cell: CellBlock[]) => cell.some((b) => (b.in0 === 'c1' && b.op0 !== 'zero') || (b.in1 === 'c1' && b.op1 !== 'zero'));
  t.true(all.every((a) => readsC1(a.normal) && readsC1(a.reduction)));
});

test('cell: validate names the cell, block and rule broken', (t) => {
  const copy = (): CellArchitecture => JSON.parse(JSON.stringify(EXAMPLE)) as CellArchitecture;
  t.deepEqual(space.validate(EXAMPLE), []);
  const twoZeros = copy();
  twoZeros.normal[1] = block('b0', 'zero', 'c1', 'zero');
  t.deepEqual(space.validate(twoZeros), ["normal.b1: both operations are 'zero', so the block computes nothing"]);
  const noC1 = copy();
  noC1.reduction = noC1.reduction.map((b) => ({ ...b, in0: b.in0 === 'c1' ? 'c0' : b.in0, in1: b.in1 === 'c1' ? 'c0' : b.in1 }));
  t.deepEqual(space.validate(noC1), ["reduction: no block reads c1 (the previous cell's output) through a non-zero edge, so that output would feed nothing"]);
  const later = copy();
  later.normal[1].in0 = 'b3';
  t.deepEqual(space.validate(later), ['normal.b1.in0: "b3" is not one of ["c0","c1","b0"]']);
  t.deepEqual(space.validate({ ...EXAMPLE, normal: EXAMPLE.normal.slice(1) }), ['normal: expected 4 blocks, got 3']);
  t.deepEqual(space.validate({ ...EXAMPLE, normal: EXAMPLE.normal.map((b) => ({ ...b, op0: 'conv9' })) }), ['normal.b0.op0: "conv9" is not one of ' + JSON.stringify(EDGE_OPS)]);
  t.deepEqual(space.validate({ type: 'chain', layers: [] }), ["type: expected 'cell', got \"chain\""]);
  t.deepEqual(new CellSpace({ operations: ['conv3', 'identity'] }).validate(EXAMPLE)[0], 'normal.b0.op0: "sepconv3" is not one of ["conv3","identity"]');
});

test('cell: describe lists each block as its live edges', (t) => {
  t.is(
    space.describe(EXAMPLE),
    'normal: [sepconv3(c0)+maxpool3(c1)] [identity(b0)+conv3(c1)] [dilconv3(c1)] [sepconv5(b1)+avgpool3(b2)]; ' +
      'reduction: [maxpool3(c0)+sepconv5(c1)] [identity(c1)+conv1(b0)] [dilconv5(b0)+avgpool3(c0)] [sepconv3(b1)+identity(c1)]',
  );
});

test('cell: the compiled network follows the macro skeleton', (t) => {
  const graph = space.compile(EXAMPLE);
  const node = (id: string) => graph.nodes.find((n) => n.id === id);
  t.deepEqual(node('stem')?.params, { filters: 8, kernelSize: 3, strides: 1, activation: 'relu', order: 'conv-bn-act' });
  // Cells c0 (normal), c1 (reduction), c2 (normal). The normal cell's only unread block is b3
  // (b0, b1 and b2 feed others), so b3 is its output; the reduction cell concatenates b2 and b3.
  t.is(node('c0_out'), undefined);
  t.deepEqual(node('c1_out'), { id: 'c1_out', op: 'identity', params: {}, inputs: ['c1_b2', 'c1_b3'], merge: 'concat' });
  t.deepEqual(node('c2_p1')?.inputs, ['c1_out']);
  t.deepEqual(node('c2_p0')?.inputs, ['c0_b3']);
  t.deepEqual(node('head')?.inputs, ['c2_b3']);
  t.deepEqual(node('c0_b1'), { id: 'c0_b1', op: 'identity', params: {}, inputs: ['c0_b1_0', 'c0_b1_1'], merge: 'sum' });
  t.deepEqual(node('c1_p0')?.params, { filters: 16, kernelSize: 1, strides: 1, activation: 'relu', order: 'act-conv-bn' });
  // Reduction: ops on the cell's inputs have stride 2, identity on c1 becomes a 1x1 stride-2 conv.
  t.is(node('c1_b0_0')?.params.strides, 2);
  t.deepEqual(node('c1_b2_0')?.op, 'dilconv', 'a dilated conv on a block keeps stride 1: one node');
  t.deepEqual(node('c1_b2_1')?.params, { poolSize: 3, strides: 2 });
  t.deepEqual(node('c1_b1_0'), { id: 'c1_b1_0', op: 'conv', params: { filters: 16, kernelSize: 1, strides: 2, activation: 'relu', order: 'act-conv-bn' }, inputs: ['c1_p1'] });
  // The cell after the reduction reads c0 (c_{k-2}) at twice the resolution: a stride-2 1x1 conv.
  t.is(node('c2_p0')?.params.strides, 2);
  t.is(node('c2_p1')?.params.strides, 1);
  // Zero edges are dropped: normal block 2 is its single dilated conv.
  t.is(node('c0_b2_1'), undefined);
  t.deepEqual(node('head')?.params, { pooling: 'global-avg' });
  // A dilated conv on a cell input of a reduction cell: stride-1 dilconv, then 2x2/2 average pooling.
  const strided = compileCellNetwork({ ...EXAMPLE, reduction: [block('c1', 'dilconv5', 'c0', 'zero'), ...EXAMPLE.reduction.slice(1)] }, space.macro);
  t.deepEqual(
    strided.nodes.filter((n) => n.id.startsWith('c1_b0_0')),
    [
      { id: 'c1_b0_0_dil', op: 'dilconv', params: { filters: 16, kernelSize: 5, dilation: 2, activation: 'relu', order: 'act-conv-bn' }, inputs: ['c1_p1'] },
      { id: 'c1_b0_0', op: 'avgpool', params: { poolSize: 2, strides: 2 }, inputs: ['c1_b0_0_dil'] },
    ],
  );
  const costs = graphCosts(graph, [28, 28, 1], 10);
  t.deepEqual(costs.nodes.find((n) => n.id === 'c2_b3')?.output, [14, 14, 16]);
  t.deepEqual(costs.nodes.find((n) => n.id === 'c1_out')?.output, [14, 14, 32], 'the reduction cell concatenates b2 and b3');
});

test('cell: a genotype compiles at any scale; the space options do not enter it', (t) => {
  const small = new CellSpace({ initialFilters: 4, stacks: 1, cellsPerStack: 1 });
  const large = new CellSpace({ initialFilters: 32, stacks: 3, cellsPerStack: 4 });
  t.deepEqual(small.validate(EXAMPLE), []);
  t.deepEqual(large.validate(EXAMPLE), []);
  t.deepEqual(small.encode(EXAMPLE), large.encode(EXAMPLE));
  const cells = (s: CellSpace) => new Set(s.compile(EXAMPLE).nodes.map((n) => /^c(\d+)_/.exec(n.id)?.[1]).filter((c) => c !== undefined)).size;
  t.is(cells(small), 1);
  t.is(cells(large), 3 * 4 + 2);
  const params = (macro: Parameters<typeof compileCellNetwork>[1]) => graphCosts(compileCellNetwork(EXAMPLE, macro), [32, 32, 3], 10).params;
  const base = { initialFilters: 8, stacks: 2, cellsPerStack: 1, order: 'act-conv-bn' } as const;
  t.true(params({ ...base, initialFilters: 16 }) > 3 * params(base));
  t.true(params({ ...base, stacks: 3 }) > params(base));
  t.is(large.describe(EXAMPLE), small.describe(EXAMPLE));
});

test('cell: decode(encode(a)) is a, nextChoice walks the encoding', (t) => {
  checkEncoding(t, space, samples(space, 200, 2));
  t.deepEqual(space.nextChoice([]), { key: 'normal.b0.in0', options: ['c0', 'c1'] });
  t.deepEqual(space.nextChoice(['c0', 'zero', 'c1'])?.options, EDGE_OPS.filter((op) => op !== 'zero'), 'after a zero edge the other edge is live');
  t.deepEqual(space.nextChoice(['c0', 'conv1', 'c0'])?.key, 'normal.b0.op1');
});

test('cell: neighbours are valid, distinct networks, and one choice away', (t) => {
  checkNeighbours(t, space, samples(space, 3, 3));
});

test('cell: mutations are valid and change the network', (t) => {
  const rng = new Rng(4);
  for (const arch of samples(space, 200, 4)) {
    const child = space.mutate(arch, rng);
    t.deepEqual(space.validate(child), []);
    t.not(space.hash(child), space.hash(arch));
  }
});

/** `arch` with its blocks listed in another order that still lists each block after those it reads. */
function reorderBlocks(cell: CellBlock[], rng: Rng): CellBlock[] {
  const order: number[] = [];
  const left = cell.map((_, b) => b);
  while (left.length > 0) {
    const ready = left.filter((b) => [cell[b].in0, cell[b].in1].every((i) => !i.startsWith('b') || order.includes(Number(i.slice(1)))));
    const b = rng.pick(ready);
    order.push(b);
    left.splice(left.indexOf(b), 1);
  }
  const rename = (i: string) => (i.startsWith('b') ? `b${order.indexOf(Number(i.slice(1)))}` : i);
  return order.map((b) => {
    const { in0, op0, in1, op1 } = cell[b];
    // Swapping a block's two edges is a relisting too.
    return rng.next() < 0.5 ? block(rename(in0), op0, rename(in1), op1) : block(rename(in1), op1, rename(in0), op0);
  });
}

test('cell: block order and edge order do not change the hash', (t) => {
  // The two independent first blocks swapped, by hand.
  const swapped: CellArchitecture = {
    ...EXAMPLE,
    // Blocks listed as old b2, b0, b1, b3 (old b2's zero edge now reads c1: a dropped edge's input does not matter).
    normal: [block('c1', 'dilconv3', 'c1', 'zero'), block('c0', 'sepconv3', 'c1', 'maxpool3'), block('b1', 'identity', 'c1', 'conv3'), block('b2', 'sepconv5', 'b0', 'avgpool3')],
  };
  t.deepEqual(space.validate(swapped), []);
  t.notDeepEqual(swapped, EXAMPLE);
  t.is(space.hash(swapped), space.hash(EXAMPLE));
  // And for hundreds of samples, a random relisting of both cells.
  const rng = new Rng(5);
  let moved = 0;
  for (const arch of samples(space, 300, 5)) {
    const other: CellArchitecture = { type: 'cell', normal: reorderBlocks(arch.normal, rng), reduction: reorderBlocks(arch.reduction, rng) };
    t.deepEqual(space.validate(other), []);
    t.is(space.hash(other), space.hash(arch));
    if (JSON.stringify(other) !== JSON.stringify(arch)) moved++;
  }
  t.true(moved > 250, `${moved} of 300 were really relisted`);
});

/**
 * An independent canonical form of the network a genotype describes: each block as the sorted
 * multiset of its live edges, an edge as op(canonical form of its input), and each cell as the
 * multiset of its output blocks. Ignores sharing (a block read twice), which the graph hash sees.
 */
function canonical(arch: CellArchitecture): string {
  const cellForm = (cell: CellBlock[]) => {
    const form = (input: string): string => (input.startsWith('b') ? blockForm(cell[Number(input.slice(1))]) : input);
    const blockForm = (b: CellBlock): string =>
      `[${[[b.op0, b.in0], [b.op1, b.in1]].filter(([op]) => op !== 'zero').map(([op, i]) => `${op}(${form(i)})`).sort().join('+')}]`;
    const read = new Set(cell.flatMap((b) => [b.op0 === 'zero' ? '' : b.in0, b.op1 === 'zero' ? '' : b.in1]));
    return cell.filter((_, i) => !read.has(`b${i}`)).map(blockForm).sort().join(',');
  };
  return `${cellForm(arch.normal)}|${cellForm(arch.reduction)}`;
}

test('cell: different cells hash differently, and equal hashes are the same network', (t) => {
  const small = new CellSpace({ blocks: 2, operations: ['conv3', 'maxpool3', 'identity', 'zero'] });
  const all = samples(small, 2000, 6);
  const byHash = new Map<string, string>();
  const byForm = new Map<string, string>();
  for (const arch of all) {
    const [h, form] = [small.hash(arch), canonical(arch)];
    t.is(byHash.get(h) ?? form, form, `hash collision between different networks: ${small.describe(arch)}`);
    byHash.set(h, form);
    byForm.set(form, h);
  }
  // Some forms differ only in what they share, so there may be more hashes than forms, never fewer.
  t.true(byHash.size >= byForm.size);
  t.true(byForm.size > 500, `${byForm.size} distinct networks among 2000 samples`);
  t.true(byHash.size < all.length, 'isomorphic samples were drawn and hashed equal');
  // Changing one operation, one input, or swapping the two cells makes another network.
  const variants: CellArchitecture[] = [
    { ...EXAMPLE, normal: [block('c0', 'sepconv5', 'c1', 'maxpool3'), ...EXAMPLE.normal.slice(1)] },
    { ...EXAMPLE, normal: [block('c1', 'sepconv3', 'c1', 'maxpool3'), ...EXAMPLE.normal.slice(1)] },
    { type: 'cell', normal: EXAMPLE.reduction, reduction: EXAMPLE.normal },
  ];
  for (const v of variants) t.not(space.hash(v), space.hash(EXAMPLE));
  t.is(graphHash(space.compile(EXAMPLE)), space.hash(EXAMPLE));
});
