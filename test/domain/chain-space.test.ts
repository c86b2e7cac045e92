import test from 'ava';
import type { ChainArchitecture, ChainLayer } from '../../domain/spaces/chain';
import { ChainSpace, DEFAULT_CHAIN_SPACE_OPTIONS, type ChainSpaceOptions } from '../../domain/spaces/chain';
import { graphCosts } from '../../domain/graph';
import { compileChain } from '../../domain/spaces/chain';
import { Rng } from '../../domain/rng';

const space = new ChainSpace({ maxLayers: 6 });
const samples = (s: ChainSpace, n: number, seed = 1): ChainArchitecture[] => {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => s.sample(rng));
};

test('chain: defaults are the documented ones', (t) => {
  t.deepEqual(DEFAULT_CHAIN_SPACE_OPTIONS, {
    minLayers: 1,
    operations: ['conv', 'sepconv', 'dilconv', 'maxpool', 'avgpool', 'dense'],
    filters: [8, 16, 32, 64],
    units: [32, 64, 128, 256],
    kernelSizes: [3, 5],
    activations: ['relu', 'elu', 'tanh', 'selu'],
    maxDenseLayers: 2,
    spatialFirst: true,
  });
  t.deepEqual(space.options, { ...DEFAULT_CHAIN_SPACE_OPTIONS, maxLayers: 6 });
});

test('chain: thousands of samples are valid and cover every op, depth and value', (t) => {
  const all = samples(space, 4000);
  const invalid = all.filter((a) => space.validate(a).length > 0);
  t.deepEqual(invalid, []);
  const layers = all.flatMap((a) => a.layers);
  const seen = (field: string): Set<unknown> =>
    new Set(layers.map((l) => (l as unknown as Record<string, unknown>)[field]).filter((v) => v !== undefined));
  t.deepEqual([...seen('op')].sort(), [...DEFAULT_CHAIN_SPACE_OPTIONS.operations].sort());
  t.deepEqual([...new Set(all.map((a) => a.layers.length))].sort(), [1, 2, 3, 4, 5, 6]);
  t.deepEqual([...seen('filters')].sort((a, b) => Number(a) - Number(b)), [8, 16, 32, 64]);
  t.deepEqual([...seen('units')].sort((a, b) => Number(a) - Number(b)), [32, 64, 128, 256]);
  t.deepEqual([...seen('kernelSize')].sort(), [3, 5]);
  t.deepEqual([...seen('strides')].sort(), [1, 2]);
  t.deepEqual([...seen('dilation')].sort(), [2, 3]);
  t.deepEqual([...seen('poolSize')].sort(), [2, 3]);
  t.deepEqual([...seen('activation')].sort(), ['elu', 'relu', 'selu', 'tanh']);
  t.true(all.every((a) => a.layers[0].op !== 'dense'), 'spatialFirst keeps dense out of position 0');
  t.true(all.some((a) => a.layers.filter((l) => l.op === 'dense').length === 2));
});

test('chain: depth is uniform over the allowed range', (t) => {
  const counts = new Map<number, number>();
  for (const a of samples(space, 6000, 2)) counts.set(a.layers.length, (counts.get(a.layers.length) ?? 0) + 1);
  for (let d = 1; d <= 6; d++) t.true(Math.abs(counts.get(d)! / 6000 - 1 / 6) < 0.02, `depth ${d}: ${counts.get(d)}`);
});

test('chain: sampling is reproducible from the rng', (t) => {
  t.deepEqual(samples(space, 50, 3), samples(space, 50, 3));
  t.notDeepEqual(samples(space, 50, 3), samples(space, 50, 4));
});

test('chain: restricted spaces sample only what they allow', (t) => {
  const cases: [ChainSpaceOptions, (a: ChainArchitecture) => boolean][] = [
    [{ maxLayers: 5, operations: ['dense'], maxDenseLayers: 3 }, (a) => a.layers.length <= 3 && a.layers.every((l) => l.op === 'dense')],
    [{ maxLayers: 4, minLayers: 4, operations: ['maxpool', 'conv'] }, (a) => a.layers.length === 4 && a.layers.every((l) => l.op !== 'dense')],
    [{ maxLayers: 3, maxDenseLayers: 0 }, (a) => a.layers.every((l) => l.op !== 'dense')],
    [{ maxLayers: 3, filters: [12], activations: ['elu'] }, (a) => a.layers.every((l) => !('filters' in l) || l.filters === 12)],
  ];
  for (const [opts, ok] of cases) {
    const s = new ChainSpace(opts);
    for (const a of samples(s, 300)) {
      t.deepEqual(s.validate(a), []);
      t.true(ok(a), `${JSON.stringify(opts)}: ${s.describe(a)}`);
    }
  }
});

test('chain: with spatialFirst off, dense-first chains are sampled and valid', (t) => {
  const s = new ChainSpace({ maxLayers: 3, spatialFirst: false });
  const all = samples(s, 1000);
  t.true(all.some((a) => a.layers[0].op === 'dense'));
  t.true(all.every((a) => s.validate(a).length === 0));
  t.deepEqual(space.validate({ type: 'chain', layers: [{ op: 'dense', units: 32, activation: 'relu' }] }), [
    "layer 0 (op): the first layer must be spatial in this space (spatialFirst), got 'dense'",
  ]);
});

test('chain: validate names the layer index and field of every problem', (t) => {
  const layers = [
    { op: 'conv', filters: 12, kernelSize: 3, strides: 1, activation: 'relu', dilation: 2 },
    { op: 'dense', units: 64, activation: 'gelu' },
    { op: 'maxpool', poolSize: 2 },
    { op: 'dense', units: 64, activation: 'relu' },
    { op: 'dense', units: 64, activation: 'relu' },
  ] as unknown as ChainLayer[];
  t.deepEqual(new ChainSpace({ maxLayers: 4 }).validate({ type: 'chain', layers }), [
    'layer 0 (filters): 12 is not one of [8, 16, 32, 64]',
    "layer 0 (dilation): unexpected field for op 'conv'",
    "layer 1 (activation): 'gelu' is not one of ['relu', 'elu', 'tanh', 'selu']",
    "layer 2 (strides): missing for op 'maxpool'",
    'layers: depth 5 exceeds maxLayers 4',
    "layer 2 (op): spatial op 'maxpool' follows dense layer 1; spatial layers must precede dense ones",
    'layers: 3 dense layers exceed maxDenseLayers 2',
  ]);
  const odd = { type: 'cell', layers: [{ op: 'lstm' }, 7] } as unknown as ChainArchitecture;
  t.deepEqual(space.validate(odd), [
    `type: expected 'chain', got 'cell'`,
    "layer 0 (op): unknown op 'lstm', expected one of ['conv', 'sepconv', 'dilconv', 'maxpool', 'avgpool', 'dense']",
    'layer 1: expected an object, got 7',
  ]);
  t.deepEqual(space.validate({ type: 'chain', layers: [] }), ['layers: depth 0 is below minLayers 1']);
  const noDil = new ChainSpace({ maxLayers: 2, operations: ['conv'] });
  t.deepEqual(noDil.validate({ type: 'chain', layers: [{ op: 'dilconv', filters: 8, kernelSize: 3, dilation: 2, activation: 'relu' }] }), [
    "layer 0 (op): 'dilconv' is not among the space's operations ['conv']",
  ]);
});

test('chain: bad options are refused naming the space field', (t) => {
  const bad: [ChainSpaceOptions, string][] = [
    [{ maxLayers: 0 }, 'space.maxLayers must be an integer >= 1, got 0'],
    [{ maxLayers: 3, minLayers: 4 }, 'space.minLayers: must not exceed space.maxLayers (3), got 4'],
    [{ maxLayers: 3, operations: [] }, 'space.operations must be a non-empty array, got []'],
    [{ maxLayers: 3, operations: ['conv', 'lstm' as 'conv'] }, 'space.operations[1] must be one of conv, sepconv, dilconv, maxpool, avgpool, dense, got "lstm"'],
    [{ maxLayers: 3, filters: [8, 8] }, 'space.filters[1]: duplicate value 8'],
    [{ maxLayers: 3, units: [0] }, 'space.units[0] must be a positive integer, got 0'],
    [{ maxLayers: 3, maxDenseLayers: -1 }, 'space.maxDenseLayers must be an integer >= 0, got -1'],
    [
      { maxLayers: 3, minLayers: 3, operations: ['dense'] },
      'space.maxDenseLayers: 2 is below space.minLayers (3) and space.operations has no spatial op, so no network is possible; raise maxDenseLayers or add a spatial op such as "conv"',
    ],
  ];
  for (const [opts, message] of bad) t.throws(() => new ChainSpace(opts), { message });
});

test('chain: describe gives compact signatures', (t) => {
  const arch: ChainArchitecture = {
    type: 'chain',
    layers: [
      { op: 'conv', filters: 32, kernelSize: 3, strides: 2, activation: 'relu' },
      { op: 'maxpool', poolSize: 2, strides: 2 },
      { op: 'sepconv', filters: 16, kernelSize: 5, strides: 1, activation: 'tanh' },
      { op: 'dilconv', filters: 64, kernelSize: 3, dilation: 2, activation: 'selu' },
      { op: 'avgpool', poolSize: 3, strides: 1 },
      { op: 'dense', units: 128, activation: 'elu' },
    ],
  };
  t.is(space.describe(arch), 'conv3x3/2-32-relu > maxpool2/2 > sepconv5x5-16-tanh > dilconv3x3d2-64-selu > avgpool3 > dense-128-elu');
  t.is(space.describe({ type: 'chain', layers: [] }), '(no layers)');
  // Signatures carry every hyperparameter, so distinct samples have distinct signatures.
  const all = samples(space, 2000, 5);
  const byKey = new Map(all.map((a) => [JSON.stringify(a), space.describe(a)]));
  t.is(new Set(byKey.values()).size, byKey.size);
});

test('chain: shapes follow same padding (ceil of size / stride)', (t) => {
  const arch: ChainArchitecture = {
    type: 'chain',
    layers: [
      { op: 'conv', filters: 32, kernelSize: 3, strides: 2, activation: 'relu' },
      { op: 'maxpool', poolSize: 2, strides: 2 },
      { op: 'dilconv', filters: 16, kernelSize: 5, dilation: 3, activation: 'relu' },
      { op: 'avgpool', poolSize: 3, strides: 2 },
      { op: 'dense', units: 128, activation: 'elu' },
    ],
  };
  const shapes = (a: ChainArchitecture, input: [number, number, number]) => graphCosts(compileChain(a), input, 10).nodes.slice(1, -1).map((n) => n.output);
  t.deepEqual(shapes(arch, [28, 28, 1]), [[14, 14, 32], [7, 7, 32], [7, 7, 16], [4, 4, 16], [128]]);
  t.deepEqual(graphCosts(compileChain({ type: 'chain', layers: [] }), [32, 32, 3], 10).nodes.at(-1)?.input, [32, 32, 3]);
  t.deepEqual(shapes({ type: 'chain', layers: arch.layers.slice(0, 4) }, [32, 32, 3]).at(-1), [4, 4, 16]);
});
