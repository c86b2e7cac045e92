// The rows bench/strategies compares: one per name, rungs the table allows, the variants listed.
import test from 'ava';
import { TABULAR_SPEC, TABULAR_SPEC_LARGE, TABULAR_SPEC_LONG } from '../../domain/tabular';
import { parseSearchConfig } from '../../domain/config/validate';
import { benchMethods, rungsOf } from '../../bench/strategies/methods';
import { fidelityRungs } from '../../domain/fidelity';

test('rungs are eta 3 over 1..9 epochs on the 9-epoch table, eta 2 over 1..4 on the 4-epoch one', (t) => {
  t.deepEqual(rungsOf(TABULAR_SPEC_LARGE), { minEpochs: 1, maxEpochs: 9, eta: 3 });
  t.deepEqual(rungsOf(TABULAR_SPEC), { minEpochs: 1, maxEpochs: 4, eta: 2 });
});

test('every row has its own name, bohb and random + earlyStop among them, and each is a valid tabular search', (t) => {
  for (const spec of [TABULAR_SPEC_LARGE, TABULAR_SPEC]) {
    const methods = benchMethods(spec);
    const names = methods.map((m) => m.name);
    t.is(new Set(names).size, names.length, `duplicate row names: ${names.join(', ')}`);
    for (const name of ['random', 'evolution', 'tpe', 'reinforce', 'bohb', 'random + hyperband', 'random + asha', 'random + earlyStop']) t.true(names.includes(name), name);
    t.false(names.includes('exhaustive'));
    for (const m of methods) {
      // A search config of every row is valid (on a real data set: the larger table is not searchable until built).
      const dataset = { name: spec.dataset.name, trainSize: spec.dataset.trainSize, validationSize: spec.dataset.validationSize };
      t.notThrows(() => parseSearchConfig({ dataset, space: spec.space, strategy: m.strategy, fidelity: m.fidelity, budget: { trials: 10 } }), m.name);
    }
  }
});

test('on a 27-epoch table Hyperband and BOHB also run from 3 epochs (rungs 3/9/27); shorter tables have no such rows', (t) => {
  const long = benchMethods(TABULAR_SPEC_LONG);
  const fromThree = long.filter((m) => m.name.endsWith('from 3'));
  t.deepEqual(
    fromThree.map((m) => m.name),
    ['random + hyperband from 3', 'bohb from 3'],
  );
  for (const m of fromThree) {
    const config = parseSearchConfig({ dataset: { name: 'tabular', table: 'cell5-mnist14-e27' }, space: TABULAR_SPEC_LONG.space, strategy: m.strategy, fidelity: m.fidelity, budget: { trials: 10 } });
    t.deepEqual(fidelityRungs(config.fidelity), [3, 9, 27], m.name);
  }
  for (const spec of [TABULAR_SPEC_LARGE, TABULAR_SPEC]) t.false(benchMethods(spec).some((m) => m.name.endsWith('from 3')));
});
