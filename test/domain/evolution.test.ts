import test from 'ava';
import type { ChainArchitecture } from '../../domain/spaces/chain';
import { ChainSpace } from '../../domain/spaces/chain';
import { Rng } from '../../domain/rng';
import { RegularizedEvolution, type EvolutionSnapshot } from '../../domain/strategies/evolution';
import { tournament } from '../../domain/strategies/tournament';
import { canonicalJson as architectureKey } from '../../domain/json';
import { fakeScore, observe, run, script, strategyContract } from './helpers/strategy-contract';
import { singleChange } from './helpers/single-change';

const space = new ChainSpace({ maxLayers: 5 });
const options = { populationSize: 8, sampleSize: 3 };

strategyContract({
  name: 'evolution',
  space,
  create: (seed) => RegularizedEvolution.create(space, options, seed),
  restore: (snapshot) => RegularizedEvolution.restore(space, snapshot),
  trials: 60,
});

const snap = (e: RegularizedEvolution<ChainArchitecture>): EvolutionSnapshot<ChainArchitecture> => e.snapshot();

test('evolution: the population is the last P trials told with a value, oldest first', (t) => {
  const evo = RegularizedEvolution.create(space, options, 1);
  const asked = new Map<string, ChainArchitecture>();
  const valued: string[] = [];
  for (const op of script(60)) {
    run(evo, [op], asked);
    if ('tell' in op && observe(op.tell, asked.get(op.tell)!).value !== undefined) valued.push(op.tell);
    const population = snap(evo).population;
    t.true(population.length <= options.populationSize);
    t.deepEqual(population, valued.slice(-options.populationSize));
  }
});

test('evolution: random samples until P trials have values; failures do not count', (t) => {
  const evo = RegularizedEvolution.create(space, { populationSize: 3, sampleSize: 2 }, 2);
  const tellNext = (id: string, value?: number): void =>
    evo.tell(id, value === undefined ? { state: 'failed' } : { state: 'complete', value });
  for (const [i, value] of [0.5, undefined, 0.6, undefined].entries()) {
    evo.ask(`t${i}`);
    tellNext(`t${i}`, value);
  }
  evo.ask('t4');
  t.true(snap(evo).trials.every((trial) => trial.parentId === undefined), 'still warming up with 2 members');
  tellNext('t4', 0.7);
  evo.ask('t5');
  t.true(['t0', 't2', 't4'].includes(snap(evo).trials[5].parentId!), 'a population member is the parent');
});

test('evolution: every child is a single mutation of its recorded parent', (t) => {
  const evo = RegularizedEvolution.create(space, options, 3);
  run(evo, script(120));
  const trials = snap(evo).trials;
  const byId = new Map(trials.map((trial) => [trial.id, trial]));
  const children = trials.filter((trial) => trial.parentId !== undefined);
  t.true(children.length > 100);
  for (const child of children) {
    const change = singleChange(byId.get(child.parentId!)!.architecture, child.architecture);
    t.true('kind' in change, `${child.id}: ${JSON.stringify(change)}`);
  }
});

test('evolution: the parent is the winner of the tournament drawn from the rng', (t) => {
  const evo = RegularizedEvolution.create(space, { populationSize: 6, sampleSize: 3 }, 4);
  run(evo, script(40));
  for (let i = 0; i < 30; i++) {
    const before = snap(evo);
    const members = before.population.map((id) => before.trials.find((trial) => trial.id === id)!);
    const expected = tournament(members, 3, new Rng(before.rng), (m) => m.observation!.value!);
    const arch = evo.ask(`x${i}`).architecture;
    t.is(snap(evo).trials.at(-1)!.parentId, expected.winner.id);
    // The winner beats every other contestant.
    for (const m of expected.sampled) t.true(m.observation!.value! <= expected.winner.observation!.value!);
    evo.tell(`x${i}`, { state: 'complete', value: fakeScore(arch) });
  }
});

test('evolution: aging removes the oldest member, not the worst', (t) => {
  // S = P makes the parent the best of the whole population, exposing who is in it.
  const evo = RegularizedEvolution.create(space, { populationSize: 3, sampleSize: 3 }, 5);
  const parentOfNext = (id: string): string | undefined => {
    evo.ask(id);
    return snap(evo).trials.at(-1)!.parentId;
  };
  for (const [i, value] of [0.9, 0.1, 0.2].entries()) {
    evo.ask(`t${i}`);
    evo.tell(`t${i}`, { state: 'complete', value });
  }
  t.is(parentOfNext('t3'), 't0');
  evo.tell('t3', { state: 'complete', value: 0.3 });
  t.deepEqual(snap(evo).population, ['t1', 't2', 't3']);
  t.is(parentOfNext('t4'), 't3', 'the best (t0) aged out although it still had the top value');
  evo.tell('t4', { state: 'failed' });
  t.deepEqual(snap(evo).population, ['t1', 't2', 't3'], 'a failed trial neither joins nor evicts');
});

test('evolution: asked but untold trials simply wait', (t) => {
  const evo = RegularizedEvolution.create(space, { populationSize: 2, sampleSize: 1 }, 6);
  for (let i = 0; i < 5; i++) evo.ask(`t${i}`);
  t.true(snap(evo).trials.every((trial) => trial.parentId === undefined));
  evo.tell('t3', { state: 'complete', value: 0.4 });
  evo.tell('t1', { state: 'pruned', value: 0.2, epochs: 1 });
  t.deepEqual(snap(evo).population, ['t3', 't1']);
  evo.ask('t5');
  t.true(['t1', 't3'].includes(snap(evo).trials[5].parentId!));
  evo.tell('t0', { state: 'complete', value: 0.9 });
  t.deepEqual(snap(evo).population, ['t1', 't0']);
});

test('evolution: tournament samples without replacement and picks the best sampled', (t) => {
  const population = [5, 3, 9, 1, 7];
  const rng = new Rng(8);
  const wins = new Map<number, number>();
  for (let i = 0; i < 3000; i++) {
    const { sampled, winner } = tournament(population, 2, rng, (x) => x);
    t.is(new Set(sampled).size, 2);
    t.is(winner, Math.max(...sampled));
    wins.set(winner, (wins.get(winner) ?? 0) + 1);
  }
  // With S=2 of 5 without replacement the worst never wins; the best wins 4 of 10 pairs.
  t.false(wins.has(1));
  t.true(Math.abs(wins.get(9)! / 3000 - 0.4) < 0.04);
  t.is(tournament(population, 5, rng, (x) => x).winner, 9);
  t.throws(() => tournament([], 1, rng, (x: number) => x), { message: 'tournament: the population is empty' });
});

test('evolution: options are validated with the config field names', (t) => {
  const bad: [object, string][] = [
    [{ populationSize: 0, sampleSize: 1 }, 'strategy.populationSize must be an integer >= 1, got 0'],
    [{ populationSize: 2.5, sampleSize: 1 }, 'strategy.populationSize must be an integer >= 1, got 2.5'],
    [{ populationSize: 4, sampleSize: 0 }, 'strategy.sampleSize must be an integer between 1 and strategy.populationSize (4), got 0'],
    [{ populationSize: 4, sampleSize: 5 }, 'strategy.sampleSize must be an integer between 1 and strategy.populationSize (4), got 5'],
    [{ populationSize: 4 }, 'strategy.sampleSize must be an integer between 1 and strategy.populationSize (4), got undefined'],
  ];
  for (const [opts, message] of bad) {
    t.throws(() => RegularizedEvolution.create(space, opts as typeof options, 1), { message });
  }
  t.notThrows(() => RegularizedEvolution.create(space, { populationSize: 1, sampleSize: 1 }, 1));
});

test('evolution: restore rejects a population that does not match its trials', (t) => {
  const evo = RegularizedEvolution.create(space, options, 9);
  run(evo, script(20));
  const good = snap(evo);
  const failedId = good.trials.find((trial) => trial.observation?.state === 'failed')!.id;
  t.throws(() => RegularizedEvolution.restore(space, { ...good, population: [failedId] }), {
    message: `evolution snapshot.population[0]: "${failedId}" is not a trial told with a value`,
  });
  t.throws(() => RegularizedEvolution.restore(space, { ...good, sampleSize: 99 }), {
    message: 'strategy.sampleSize must be an integer between 1 and strategy.populationSize (8), got 99',
  });
  const narrow = new ChainSpace({ maxLayers: 1, operations: ['maxpool'] });
  t.throws(() => RegularizedEvolution.restore(narrow, good), { message: /^evolution snapshot\.population\[0\] \('t\d+'\) is not valid in this space: / });
  t.is(architectureKey(RegularizedEvolution.restore(space, good).snapshot()), architectureKey(good));
});
