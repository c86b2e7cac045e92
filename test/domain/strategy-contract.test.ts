// The strategy contract suite on every registered strategy, built through the registry as the
// engine builds them, so a newly registered strategy is covered without touching this file.
import test from 'ava';
import { withGraphArchitectures } from '../../domain/spaces/graph-architecture';
import { ChainSpace } from '../../domain/spaces/chain';
import { createStrategy, restoreStrategy, strategyOptions, strategyTypes } from '../../domain/strategies';
import { strategyContract } from './helpers/strategy-contract';

const space = new ChainSpace({ maxLayers: 5 });
// 2 ops x 2 pool sizes x 2 strides = 8 one-layer networks.
const tiny = new ChainSpace({ maxLayers: 1, operations: ['maxpool', 'avgpool'] });

/** Options that let a strategy get past its warm-up within the scripted trials. */
const OVERRIDES: Record<string, Record<string, unknown>> = {
  evolution: { populationSize: 6, sampleSize: 2 },
};

/** Strategies whose order is fixed by design, so the seed must not change it. */
const SEED_INDEPENDENT = new Set(['exhaustive']);

for (const type of strategyTypes()) {
  const options = strategyOptions({ type, ...OVERRIDES[type] });
  strategyContract({
    name: `registry ${type}`,
    space,
    create: (seed) => createStrategy(options, space, seed),
    restore: (snapshot) => restoreStrategy(options, space, snapshot),
    trials: 60,
    seedIndependent: SEED_INDEPENDENT.has(type),
    tinySpace: { space: tiny, create: (seed) => createStrategy(options, tiny, seed), trials: 14 },
  });
}

// Hill climbing with network morphisms is hillclimb with an option: it passes the same contract.
{
  // Its children are graphs, which the engine's space accepts (withGraphArchitectures).
  const options = strategyOptions({ type: 'hillclimb', morphisms: true, children: 3 });
  strategyContract({
    name: 'registry hillclimb with morphisms',
    space: withGraphArchitectures(space),
    create: (seed) => createStrategy(options, space, seed),
    restore: (snapshot) => restoreStrategy(options, space, snapshot),
    trials: 60,
    tinySpace: { space: tiny, create: (seed) => createStrategy(options, tiny, seed), trials: 14 },
  });
}

test('registry: random and evolution are registered, each type once', (t) => {
  const types = strategyTypes();
  t.true(types.includes('random') && types.includes('evolution'));
  t.is(new Set(types).size, types.length);
});
