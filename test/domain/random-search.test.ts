import test from 'ava';
import { ChainSpace } from '../../domain/spaces/chain';
import { RandomSearch } from '../../domain/strategies/random';
import { Rng } from '../../domain/rng';
import { canonicalJson as architectureKey } from '../../domain/json';
import { strategyContract } from './helpers/strategy-contract';

const space = new ChainSpace({ maxLayers: 5 });

strategyContract({
  name: 'random',
  space,
  create: (seed) => RandomSearch.create(space, seed),
  restore: (snapshot) => RandomSearch.restore(space, snapshot),
  trials: 40,
});

test('random: asks are the space samples of the seeded rng when none repeat', (t) => {
  const strategy = RandomSearch.create(space, 11);
  const rng = new Rng(11);
  for (let i = 0; i < 20; i++) t.deepEqual(strategy.ask(`t${i}`), { architecture: space.sample(rng) });
});

test('random: a space smaller than the trial count still answers every ask', (t) => {
  // 2 ops x 2 pool sizes x 2 strides = 8 one-layer architectures.
  const tiny = new ChainSpace({ maxLayers: 1, operations: ['maxpool', 'avgpool'] });
  const strategy = RandomSearch.create(tiny, 1);
  const keys = Array.from({ length: 12 }, (_, i) => architectureKey(strategy.ask(`t${i}`).architecture));
  // While at least half the space is unseen, 20 redraws miss a new member with odds below 1e-6.
  t.is(new Set(keys.slice(0, 5)).size, 5);
  t.true(new Set(keys).size <= 8);
});

test('random: restore rejects malformed snapshots', (t) => {
  const snap = RandomSearch.create(space, 1).snapshot();
  t.throws(() => RandomSearch.restore(space, { ...snap, type: 'evolution' }), {
    message: `cannot restore strategy 'random' from a snapshot of type "evolution"`,
  });
  t.throws(() => RandomSearch.restore(space, { ...snap, rng: [0, 0, 0, 0] }), { message: /random snapshot\.rng: expected four uint32 words/ });
  t.throws(() => RandomSearch.restore(space, { ...snap, trials: [{ id: 'a', architecture: {} }, { id: 'a', architecture: {} }] }), {
    message: 'random snapshot.trials[1].id: expected a unique non-empty string, got "a"',
  });
  t.throws(() => RandomSearch.restore(space, null), { message: 'random snapshot: expected an object, got null' });
});
