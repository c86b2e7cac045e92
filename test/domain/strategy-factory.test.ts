import test from 'ava';
import { createSpace } from '../../domain/spaces';
import { createStrategy, restoreStrategy, type StrategySpec } from '../../domain/strategies';
import { RandomSearch } from '../../domain/strategies/random';
import { RegularizedEvolution } from '../../domain/strategies/evolution';
import { run, script } from './helpers/strategy-contract';

const space = createSpace({ type: 'chain', maxLayers: 4 });
const random: StrategySpec = { type: 'random' };
const evolution: StrategySpec = { type: 'evolution', populationSize: 5, sampleSize: 2 };

test('factory: createStrategy builds the strategy the spec names', (t) => {
  t.true(createStrategy(random, space, 1) instanceof RandomSearch);
  t.true(createStrategy(evolution, space, 1) instanceof RegularizedEvolution);
  t.is(createStrategy(evolution, space, 1).type, 'evolution');
  t.throws(() => createStrategy({ type: 'bayes' } as unknown as StrategySpec, space, 1), {
    message: /^strategy\.type: unknown strategy "bayes", expected one of 'random', 'evolution'/,
  });
  t.throws(() => createStrategy({ type: 'evolution', populationSize: 3, sampleSize: 4 }, space, 1), {
    message: 'strategy.sampleSize must be an integer between 1 and strategy.populationSize (3), got 4',
  });
});

test('factory: restoreStrategy continues where the snapshot left off', (t) => {
  for (const spec of [random, evolution]) {
    const ops = script(30);
    const original = createStrategy(spec, space, 3);
    const asked = new Map();
    run(original, ops.slice(0, 20), asked);
    const restored = restoreStrategy(spec, space, JSON.parse(JSON.stringify(original.snapshot())));
    t.deepEqual(run(restored, ops.slice(20), new Map(asked)), run(original, ops.slice(20), asked), spec.type);
  }
});

test('factory: restoreStrategy refuses a snapshot of another type or other options', (t) => {
  const randomSnap = createStrategy(random, space, 1).snapshot();
  const evoSnap = createStrategy(evolution, space, 1).snapshot();
  t.throws(() => restoreStrategy(evolution, space, randomSnap), {
    message: `cannot restore strategy 'evolution' from a snapshot of type "random"`,
  });
  t.throws(() => restoreStrategy(random, space, evoSnap), {
    message: `cannot restore strategy 'random' from a snapshot of type "evolution"`,
  });
  t.throws(() => restoreStrategy({ type: 'evolution', populationSize: 6, sampleSize: 2 }, space, evoSnap), {
    message: 'cannot restore evolution: the snapshot has populationSize 5 and sampleSize 2, the spec 6 and 2',
  });
  t.throws(() => restoreStrategy(random, space, undefined), { message: 'random snapshot: expected an object, got undefined' });
});

test('factory: createSpace builds a chain space and rejects unknown types', (t) => {
  t.is(space.type, 'chain');
  t.throws(() => createSpace({ type: 'no-such-family' } as unknown as Parameters<typeof createSpace>[0]), {
    // Every registered family is listed (more are added as families land).
    message: /^space\.type: unknown search space "no-such-family"; registered: chain(, [a-z-]+)*$/,
  });
  t.throws(() => createSpace({ type: 'chain', maxLayers: 0 }), { message: 'space.maxLayers must be an integer >= 1, got 0' });
});
