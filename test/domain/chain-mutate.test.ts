import test from 'ava';
import type { ChainArchitecture } from '../../domain/spaces/chain';
import { ChainSpace, type ChainSpaceOptions } from '../../domain/spaces/chain';
import { mutateChain, type ChainMutationKind } from '../../domain/spaces/chain/mutate';
import { Rng } from '../../domain/rng';
import { canonicalJson as architectureKey } from '../../domain/json';
import { singleChange } from './helpers/single-change';

/** A random walk of `steps` mutations from a sample, checking each step. */
function walk(t: import('ava').ExecutionContext, opts: ChainSpaceOptions, steps: number, seed: number): Map<ChainMutationKind, number> {
  const space = new ChainSpace(opts);
  const rng = new Rng(seed);
  const kinds = new Map<ChainMutationKind, number>();
  let arch = space.sample(rng);
  for (let i = 0; i < steps; i++) {
    const before = architectureKey(arch);
    const { kind, architecture } = mutateChain(arch, space.options, rng);
    t.is(architectureKey(arch), before, 'the input is left untouched');
    const problems = space.validate(architecture);
    if (problems.length > 0) t.fail(`${space.describe(architecture)}: ${problems.join('; ')}`);
    const change = singleChange(arch, architecture);
    if (!('kind' in change) || change.kind !== kind) {
      t.fail(`${space.describe(arch)} -> ${space.describe(architecture)}: claimed ${kind}, saw ${JSON.stringify(change)}`);
    }
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    // Restart now and then so the walk does not only explore one region of the space.
    arch = i % 50 === 49 ? space.sample(rng) : architecture;
  }
  return kinds;
}

test('mutate: thousands of steps stay valid, differ from their input by exactly one change', (t) => {
  const kinds = walk(t, { maxLayers: 6 }, 4000, 1);
  t.deepEqual([...kinds.keys()].sort(), ['hyperparameter', 'insert', 'op', 'remove']);
  for (const [kind, n] of kinds) t.true(n > 500, `${kind}: ${n}`);
});

test('mutate: restricted spaces stay within their rules', (t) => {
  walk(t, { maxLayers: 4, minLayers: 4 }, 500, 2);
  walk(t, { maxLayers: 4, operations: ['dense'], maxDenseLayers: 3 }, 500, 3);
  walk(t, { maxLayers: 5, operations: ['conv', 'dense'], maxDenseLayers: 1 }, 500, 4);
  walk(t, { maxLayers: 3, spatialFirst: false }, 500, 5);
  walk(t, { maxLayers: 2, filters: [16], units: [64], kernelSizes: [3], activations: ['relu'] }, 500, 6);
  t.pass();
});

test('mutate: every op is reachable, and dense never ends up first or before a spatial layer', (t) => {
  const space = new ChainSpace({ maxLayers: 5 });
  const rng = new Rng(7);
  const ops = new Set<string>();
  let arch = space.sample(rng);
  for (let i = 0; i < 2000; i++) {
    arch = space.mutate(arch, rng);
    arch.layers.forEach((l) => ops.add(l.op));
    t.not(arch.layers[0].op, 'dense');
  }
  t.is(ops.size, 6);
});

test('mutate: the kind is drawn among applicable kinds only', (t) => {
  // At minLayers = maxLayers neither insert nor remove applies.
  const fixed = walk(t, { maxLayers: 3, minLayers: 3 }, 600, 8);
  t.deepEqual([...fixed.keys()].sort(), ['hyperparameter', 'op']);
  // One op with single-valued hyperparameters except strides: only hyperparameter, insert, remove.
  const poolOnly = walk(t, { maxLayers: 3, operations: ['maxpool'] }, 600, 9);
  t.deepEqual([...poolOnly.keys()].sort(), ['hyperparameter', 'insert', 'remove']);
});

test('mutate: a one-member space and an invalid input are refused', (t) => {
  const single = new ChainSpace({ maxLayers: 1, operations: ['dense'], units: [32], activations: ['relu'] });
  const only: ChainArchitecture = { type: 'chain', layers: [{ op: 'dense', units: 32, activation: 'relu' }] };
  t.deepEqual(single.validate(only), []);
  t.throws(() => single.mutate(only, new Rng(1)), { message: 'cannot mutate: the chain space has a single architecture' });
  const space = new ChainSpace({ maxLayers: 2 });
  const tooDeep = { type: 'chain', layers: [...only.layers, ...only.layers, ...only.layers] } as ChainArchitecture;
  t.throws(() => space.mutate(tooDeep, new Rng(1)), { message: /^cannot mutate an invalid chain: layers: depth 3 exceeds maxLayers 2/ });
});

test('mutate: reproducible from the rng', (t) => {
  const space = new ChainSpace({ maxLayers: 5 });
  const arch = space.sample(new Rng(1));
  const chain = (seed: number): ChainArchitecture[] => {
    const rng = new Rng(seed);
    return Array.from({ length: 30 }, () => space.mutate(arch, rng));
  };
  t.deepEqual(chain(3), chain(3));
  t.notDeepEqual(chain(3), chain(4));
});
