import test from 'ava';
import { parseSearchConfig } from '../../domain/config/validate';
import { schedulerTypes } from '../../domain/schedulers';
import { ConfigError } from '../../domain/config/errors';

function problemsOf(raw: unknown): string[] {
  try {
    parseSearchConfig(raw);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

test('an empty config gets the documented defaults', (t) => {
  const c = parseSearchConfig({});
  t.deepEqual(c.dataset, { name: 'mnist', trainSize: 8000, validationSize: 2000 });
  t.is(c.space.type, 'chain');
  t.is(c.space.maxLayers, 5);
  t.deepEqual(c.strategy, { type: 'evolution', populationSize: 8, sampleSize: 3 });
  t.deepEqual(c.fidelity, { type: 'successive-halving', minEpochs: 1, maxEpochs: 9, eta: 3, bracketSize: 9 });
  t.is(c.budget.trials, 27);
  t.is(c.concurrency, 2);
  t.is(c.trainingTaskQueue, 'nas-training');
});

test('a validated config validates again to itself (it is what the workflow receives)', (t) => {
  const c = parseSearchConfig({ strategy: { type: 'random' }, fidelity: { type: 'none', maxEpochs: 2 } });
  t.deepEqual(parseSearchConfig(JSON.parse(JSON.stringify(c))), c);
});

test('unknown keys are refused with the allowed keys listed', (t) => {
  const problems = problemsOf({ datset: {}, strategy: { type: 'random', popSize: 3 } });
  t.true(problems.some((p) => p.startsWith('datset: unknown key') && p.includes('dataset, space, strategy')));
  t.true(problems.some((p) => p.startsWith('strategy.popSize: unknown key') && p.includes('type, populationSize, sampleSize')));
});

test('bad values name the key and what is allowed', (t) => {
  const problems = problemsOf({
    dataset: { name: 'imagenet', trainSize: -5 },
    strategy: { type: 'evolution', populationSize: 4, sampleSize: 9 },
    fidelity: { minEpochs: 5, maxEpochs: 2, eta: 1 },
    budget: { trials: 2.5 },
    concurrency: 0,
    training: { optimizer: 'rmsprop', backend: 'webgpu' },
    space: { operations: ['conv', 'lstm'] },
  });
  const expect = [
    'dataset.name: must be one of "mnist", "mnist14", "synthetic", "idx", "cifar10", "tabular", got "imagenet"',
    'dataset.trainSize: must be an integer between 1 and 10000000, got -5',
    'strategy.sampleSize: must not exceed strategy.populationSize (4), got 9',
    'fidelity.minEpochs: must not exceed fidelity.maxEpochs (2), got 5',
    'fidelity.eta: must be a number from 2 to 100, got 1',
    'budget.trials: must be an integer between 1 and 1000000, got 2.5',
    'concurrency: must be an integer between 1 and 1024, got 0',
    'training.optimizer: must be one of "adam", "sgd", got "rmsprop"',
  ];
  for (const e of expect) t.true(problems.includes(e), `missing: ${e}\ngot:\n${problems.join('\n')}`);
  t.true(problems.some((p) => p.startsWith('training.backend: must be one of "auto"')));
  t.true(problems.some((p) => p.startsWith('space.operations: must be a non-empty list of conv|sepconv')));
});

test('the bundled MNIST size and dataset paths are checked', (t) => {
  t.deepEqual(problemsOf({ dataset: { name: 'mnist', trainSize: 9000, validationSize: 2000 } }), [
    'dataset.trainSize + dataset.validationSize: the bundled MNIST has 10000 digits, got 9000 + 2000; lower one of them',
  ]);
  t.deepEqual(problemsOf({ dataset: { name: 'cifar10', trainSize: 100, validationSize: 100 } }), [
    'dataset.path: required for dataset "cifar10": the folder holding its files',
  ]);
});

test('random search refuses evolution-only keys; non-objects are refused', (t) => {
  t.deepEqual(problemsOf({ strategy: { type: 'random', sampleSize: 3 } }), [
    'strategy.sampleSize: only used by strategy.type "evolution"; remove it',
  ]);
  t.deepEqual(problemsOf({ budget: 5 }), ['budget: must be an object, got 5']);
  t.deepEqual(problemsOf([1]), ['config: must be a JSON object, got [1]']);
});

test('the error message lists every problem on its own line', (t) => {
  const err = t.throws(() => parseSearchConfig({ seed: -1, concurrency: 'two' }), { instanceOf: ConfigError });
  t.regex(err!.message, /Invalid search config:\n {2}- concurrency: .*\n {2}- seed: /);
});

test('a parsed config parses again to itself for every registered scheduler (the workflow parses what the client parsed)', (t) => {
  for (const type of schedulerTypes()) {
    const fidelity = type === 'none' ? { type, maxEpochs: 3 } : { type, minEpochs: 1, maxEpochs: 3, eta: 3 };
    const once = parseSearchConfig({ fidelity, budget: { trials: 5 } });
    t.deepEqual(parseSearchConfig(JSON.parse(JSON.stringify(once))), once, type);
  }
  t.deepEqual(problemsOf({ fidelity: { type: 'asha', minEpochs: 1, maxEpochs: 3, eta: 3, bracketSize: 7 } }), [
    'fidelity.bracketSize: fidelity.type "asha" sets it itself (1); remove fidelity.bracketSize',
  ]);
});
