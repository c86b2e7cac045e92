// The multibranch family (domain side): options, validity of samples for any input shape,
// skip and merge rules with their messages, the chain as its special case, the encoding and
// neighbours. The tfjs property test is test/trainer/space-properties-multibranch.test.ts.
import test from 'ava';
import { MultibranchSpace, type MultibranchArchitecture, type MultibranchLayer } from '../../domain/spaces/multibranch';
import { ChainSpace, DEFAULT_CHAIN_SPACE_OPTIONS } from '../../domain/spaces/chain';
import { parseSearchConfig } from '../../domain/config/validate';
import { validateGraph } from '../../domain/graph';
import { Rng } from '../../domain/rng';
import { checkEncoding, checkNeighbours, configProblems } from './helpers/space-checks';

const space = new MultibranchSpace({ maxLayers: 7 });
const samples = (s: MultibranchSpace, n: number, seed = 1): MultibranchArchitecture[] => {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => s.sample(rng));
};
const arch = (...layers: MultibranchLayer[]): MultibranchArchitecture => ({ type: 'multibranch', layers });
const conv = (id: string, filters: number, strides: 1 | 2 = 1, extra: Partial<MultibranchLayer> = {}): MultibranchLayer =>
  ({ id, op: 'conv', filters, kernelSize: 3, strides, activation: 'relu', ...extra }) as MultibranchLayer;
const pool = (id: string, strides: 1 | 2, extra: Partial<MultibranchLayer> = {}): MultibranchLayer => ({ id, op: 'maxpool', poolSize: 2, strides, ...extra }) as MultibranchLayer;

/** The README's example: a residual sum around two convs and a dense concatenation after a reduction. */
const EXAMPLE = arch(
  conv('n1', 16),
  conv('n2', 16),
  conv('n3', 16, 1, { skips: ['n1'], merge: 'sum' }),
  pool('n4', 2),
  conv('n5', 8, 1, { activation: 'elu' }),
  { id: 'n6', op: 'sepconv', filters: 8, kernelSize: 5, strides: 1, activation: 'elu', skips: ['n4'], merge: 'concat' },
  { id: 'n7', op: 'dense', units: 32, activation: 'relu' },
);

test('multibranch: defaults are the chain\'s plus both merges', (t) => {
  const { spatialFirst: _s, ...chainDefaults } = DEFAULT_CHAIN_SPACE_OPTIONS;
  t.deepEqual(parseSearchConfig({ space: { type: 'multibranch' } }).space, { type: 'multibranch', maxLayers: 5, ...chainDefaults, merges: ['sum', 'concat'] });
  t.deepEqual(space.options.merges, ['sum', 'concat']);
  t.deepEqual(new MultibranchSpace({ merges: ['sum'], maxLayers: 3 }).options.maxLayers, 3);
});

test('multibranch: bad options are refused naming the key', (t) => {
  t.deepEqual(configProblems({ type: 'multibranch', merges: ['avg'], minLayers: 4, maxLayers: 3, skips: 2 }), [
    'space.skips: unknown key; allowed keys in space: type, maxLayers, minLayers, operations, filters, units, kernelSizes, activations, maxDenseLayers, merges',
    'space.minLayers: must not exceed space.maxLayers (3), got 4',
    'space.merges: must be a non-empty list of sum|concat, got ["avg"]',
  ]);
  t.throws(() => new MultibranchSpace({ merges: [] }), { message: 'space.merges: must be a non-empty list of sum|concat, got []' });
});

test('multibranch: thousands of samples are valid for any input shape and use every kind of skip', (t) => {
  const all = samples(space, 1500);
  t.deepEqual(all.map((a) => space.validate(a)).filter((p) => p.length > 0), []);
  // Shapes are tracked symbolically, so odd sizes and channel counts work as well as MNIST's.
  for (const a of all.slice(0, 300)) {
    for (const inputShape of [[7, 9, 5], [1, 1, 2], [33, 17, 4]] as [number, number, number][]) {
      t.deepEqual(validateGraph(space.compile(a), { inputShape, numClasses: 3 }), [], `${space.describe(a)} on ${JSON.stringify(inputShape)}`);
    }
  }
  const layers = all.flatMap((a) => a.layers);
  t.true(layers.some((l) => l.merge === 'sum'));
  t.true(layers.some((l) => l.merge === 'concat' && (l.skips ?? []).includes('input')), 'the image joins concatenations');
  t.true(layers.some((l) => (l.skips ?? []).length >= 2));
  t.true(all.some((a) => a.layers.every((l) => l.skips === undefined)), 'plain chains are members');
  t.true(layers.every((l) => l.op !== 'dense' || l.skips === undefined));
});

test('multibranch: the image joins a sum only where the channels equal its own whatever they are', (t) => {
  // Pools keep the image's (unknown) channel count: maxpool(x) + x is valid for every image.
  t.deepEqual(space.validate(arch(pool('n1', 1), pool('n2', 1, { skips: ['input'], merge: 'sum' }))), []);
  t.deepEqual(space.validate(arch(conv('n1', 8), pool('n2', 1, { skips: ['input'], merge: 'sum' }))), [
    'layer 1 (skips): "input" (stride 1, C channels) cannot join a sum with the layer\'s input (stride 1, 8 channels) for every input image',
  ]);
  t.deepEqual(space.validate(arch(conv('n1', 8), pool('n2', 1, { skips: ['input'], merge: 'concat' }), pool('n3', 1, { skips: ['n1'], merge: 'sum' }))), [
    'layer 2 (skips): "n1" (stride 1, 8 channels) cannot join a sum with the layer\'s input (stride 1, C+8 channels) for every input image',
  ]);
});

test('multibranch: validate names the layer and the rule broken', (t) => {
  t.deepEqual(space.validate(EXAMPLE), []);
  const cases: [MultibranchArchitecture, string][] = [
    [arch(conv('n1', 8), pool('n2', 2), conv('n3', 8, 1, { skips: ['n1'], merge: 'concat' })), 'layer 2 (skips): "n1" (stride 1, 8 channels) cannot join a concat with the layer\'s input (stride 2, 8 channels) for every input image'],
    [arch(conv('n1', 8), conv('n2', 8, 1, { skips: ['n1'], merge: 'sum' })), 'layer 1 (skips): "n1" is not an output before the previous layer\'s (\'input\' or an earlier layer id)'],
    [arch(conv('n1', 8), conv('n2', 8), conv('n3', 8, 1, { skips: ['n4'], merge: 'sum' }), conv('n4', 8)), 'layer 2 (skips): "n4" is not an output before the previous layer\'s (\'input\' or an earlier layer id)'],
    [arch(conv('n1', 8), conv('n2', 8, 1, { merge: 'sum' })), 'layer 1 (merge): only a layer with skips has a merge'],
    [arch(conv('n1', 8), conv('n2', 8), conv('n3', 8, 1, { skips: ['n1'], merge: 'max' as 'sum' })), 'layer 2 (merge): expected one of ["sum","concat"], got "max"'],
    [arch(conv('n1', 8), conv('n2', 8), { id: 'n3', op: 'dense', units: 32, activation: 'relu', skips: ['n1'], merge: 'concat' }), "layer 2 (skips): only spatial layers take skips, not 'dense'"],
    [arch(conv('n1', 8), conv('n7', 8)), "layer 1 (id): layers are numbered by position, expected 'n2', got \"n7\""],
    [arch(conv('n1', 12)), 'layer 0 (filters): 12 is not one of [8, 16, 32, 64]'],
  ];
  for (const [a, message] of cases) t.deepEqual(space.validate(a), [message]);
  t.deepEqual(new MultibranchSpace({ maxLayers: 7, merges: ['concat'] }).validate(EXAMPLE), ['layer 2 (merge): expected one of ["concat"], got "sum"']);
});

test('multibranch: describe shows each layer\'s merge before it; the graph merges into the layer', (t) => {
  t.is(space.describe(EXAMPLE), 'conv3x3-16-relu > conv3x3-16-relu > [sum n1] conv3x3-16-relu > maxpool2/2 > conv3x3-8-elu > [concat n4] sepconv5x5-8-elu > dense-32-relu');
  const graph = space.compile(EXAMPLE);
  t.deepEqual(graph.nodes.find((n) => n.id === 'n3'), {
    id: 'n3',
    op: 'conv',
    params: { order: 'conv-act', filters: 16, kernelSize: 3, strides: 1, activation: 'relu' },
    inputs: ['n2', 'n1'],
    merge: 'sum',
  });
  t.deepEqual(graph.nodes.find((n) => n.id === 'n6')?.inputs, ['n5', 'n4']);
});

test('multibranch: a network without skips is the chain with the same layers', (t) => {
  const chain = new ChainSpace({ maxLayers: 7 });
  const plain = samples(space, 400, 7).filter((a) => a.layers.every((l) => l.skips === undefined));
  t.true(plain.length > 50);
  for (const a of plain) {
    const asChain = { type: 'chain' as const, layers: a.layers };
    t.deepEqual(chain.validate(asChain), []);
    t.is(space.hash(a), chain.hash(asChain));
    t.is(space.describe(a), chain.describe(asChain));
  }
});

test('multibranch: restricted merges sample only what they allow', (t) => {
  const sums = new MultibranchSpace({ merges: ['sum'], filters: [8], operations: ['conv', 'maxpool'] });
  const all = samples(sums, 500, 8);
  t.deepEqual(all.map((a) => sums.validate(a)).filter((p) => p.length > 0), []);
  t.true(all.some((a) => a.layers.some((l) => l.merge === 'sum')));
  t.true(all.every((a) => a.layers.every((l) => l.merge === undefined || l.merge === 'sum')));
});

test('multibranch: decode(encode(a)) is a, nextChoice walks the encoding', (t) => {
  checkEncoding(t, space, samples(space, 200, 2));
  t.deepEqual(space.nextChoice([]), { key: 'depth', options: [1, 2, 3, 4, 5, 6, 7] });
  // After a first conv layer, the second one may read the image (concat only: its channels are unknown).
  const prefix = space.encode(arch(conv('n1', 8), conv('n2', 8))).slice(0, -1);
  t.deepEqual(space.nextChoice(prefix), { key: 'L1.skip.input', options: [false, true] });
  t.deepEqual(space.nextChoice([...prefix, true]), { key: 'L1.merge', options: ['concat'] });
});

test('multibranch: neighbours are valid, distinct networks', (t) => {
  checkNeighbours(t, space, samples(space, 10, 3));
});

test('multibranch: mutations are valid and change the network', (t) => {
  const rng = new Rng(4);
  for (const a of samples(space, 300, 4)) {
    const child = space.mutate(a, rng);
    t.deepEqual(space.validate(child), []);
    t.not(space.hash(child), space.hash(a));
  }
});
