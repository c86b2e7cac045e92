// The new strategies at work on a pure objective with structure (the fewer answers away from
// each choice's first option, the better), where learning pays: each must beat random search,
// and each must do what its own algorithm says.
import test from 'ava';
import { ChainSpace } from '../../domain/spaces/chain';
import type { SearchSpace } from '../../domain/spaces';
import type { Architecture } from '../../domain/types';
import { createStrategy, strategyOptions, type Strategy } from '../../domain/strategies';
import { answersOf } from '../../domain/strategies/choice-sequence';
import { tpeGamma, tpeWeights, tpeDecide, tpeObservation } from '../../domain/strategies/tpe-sampler';
import { HillClimbing, type HillclimbSnapshot } from '../../domain/strategies/hillclimb';
import { policy } from '../../domain/strategies/reinforce';
import { frontDensities, ParetoSearch } from '../../domain/strategies/pareto';
import { dominates, paretoFront, type Objective } from '../../domain/strategies/objectives';
import { Rng } from '../../domain/rng';
import { canonicalJson } from '../../domain/json';
import { fakeParams } from './helpers/strategy-contract';

const space = new ChainSpace({ maxLayers: 4 }) as unknown as SearchSpace;

/** Share of decisions answered with their first option: 1 at the single best network. */
function structured(s: SearchSpace, arch: Architecture): number {
  const answers = answersOf(s, arch).filter((a) => a.choice.options.length > 1);
  return answers.length === 0 ? 1 : answers.filter((a) => a.value === a.choice.options[0]).length / answers.length;
}

/** Best value found in `n` sequential trials (each told before the next ask). */
function bestOf(strategy: Strategy, n: number): number {
  let best = -Infinity;
  for (let i = 0; i < n; i++) {
    const id = `t${i}`;
    const value = structured(space, strategy.ask(id).architecture);
    strategy.tell(id, { state: 'complete', value, epochs: 1 });
    best = Math.max(best, value);
  }
  return best;
}

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
const meanBest = (type: string, n: number): number =>
  SEEDS.reduce((s, seed) => s + bestOf(createStrategy(strategyOptions({ type }), space, seed), n), 0) / SEEDS.length;

for (const type of ['tpe', 'reinforce', 'mcts', 'hillclimb', 'evolution']) {
  test(`${type} beats random search on a structured objective (mean best of 60 trials over ${SEEDS.length} seeds)`, (t) => {
    const [mine, random] = [meanBest(type, 60), meanBest('random', 60)];
    t.log(`${type} ${mine.toFixed(3)} vs random ${random.toFixed(3)}`);
    t.true(mine > random, `${type} ${mine} vs random ${random}`);
  });
}

test('tpe: gamma and weights are Optuna defaults', (t) => {
  t.deepEqual([1, 10, 11, 100, 250, 1000].map(tpeGamma), [1, 1, 2, 10, 25, 25]);
  t.deepEqual(tpeWeights(3), [1, 1, 1]);
  const w = tpeWeights(30);
  t.is(w.length, 30);
  t.is(w[0], 1 / 30);
  t.is(w[4], 1);
  t.true(w.slice(0, 5).every((x, i) => i === 0 || x > w[i - 1]));
  t.true(w.slice(5).every((x) => x === 1));
});

test('tpe: a decision follows the good group and shuns the bad one', (t) => {
  const choice = { key: 'L0.op', options: ['a', 'b', 'c'] };
  const obs = (v: string, order: number) => ({ answers: new Map([['L0.op', v]]), order });
  const below = [obs('b', 0), obs('b', 1)];
  const above = [obs('a', 2), obs('c', 3), obs('a', 4)];
  const rng = new Rng(1);
  const picks = Array.from({ length: 50 }, () => tpeDecide(choice, below, above, rng));
  t.true(picks.every((p) => p === 'b'));
  // Observations that never reached this decision (another structure) do not count.
  t.true(['x', 'y'].includes(tpeDecide({ key: 'L9.op', options: ['x', 'y'] }, below, above, new Rng(2)) as string));
  const arch = space.sample(new Rng(3));
  t.deepEqual([...tpeObservation(space, arch, 0).answers.values()], space.encode(arch));
});

test('hillclimb: every climbing proposal is a neighbour of its parent, and the climb only moves uphill', (t) => {
  const hc = HillClimbing.create(space, 4);
  const value = new Map<string, number>();
  let current: string | undefined;
  for (let i = 0; i < 80; i++) {
    const id = `t${i}`;
    const p = hc.ask(id);
    if (p.parentId !== undefined) {
      const parent = hc.snapshot().trials.find((x) => x.id === p.parentId)!;
      const hashes = space.neighbours(parent.architecture).map((a) => space.hash(a));
      t.true(hashes.includes(space.hash(p.architecture)), `${id} is a neighbour of ${p.parentId}`);
    }
    const v = structured(space, p.architecture);
    value.set(id, v);
    hc.tell(id, { state: 'complete', value: v, epochs: 1 });
    const snap: HillclimbSnapshot = hc.snapshot();
    if (current !== undefined && snap.current !== current && !snap.starts.includes(snap.current!)) {
      t.true(value.get(snap.current!)! > value.get(current)!, `move ${current} -> ${snap.current}`);
    }
    current = snap.current;
  }
  t.true(hc.snapshot().starts.length >= 1);
});

test('reinforce: rewards above the baseline make the rewarded decisions likelier', (t) => {
  const r = createStrategy(strategyOptions({ type: 'reinforce', learningRate: 0.5 }), space, 5);
  for (let i = 0; i < 40; i++) {
    const id = `t${i}`;
    r.tell(id, { state: 'complete', value: structured(space, r.ask(id).architecture), epochs: 1 });
  }
  const logits = (r.snapshot() as { logits: Record<string, Record<string, number>> }).logits;
  const first = space.nextChoice([])!;
  const p = policy(logits, first.key, first.options);
  t.true(p[0] > 1 / first.options.length, `p(first option) ${p[0]}`);
  t.true(Math.abs(p.reduce((s, x) => s + x, 0) - 1) < 1e-9);
});

test('pareto: the front is mutually non-dominated and parents come from it', (t) => {
  const objectives: Objective[] = [
    { metric: 'valAccuracy', direction: 'maximize' },
    { metric: 'params', direction: 'minimize' },
  ];
  const options = strategyOptions({ type: 'pareto', initialTrials: 5 }) as Parameters<typeof ParetoSearch.create>[1];
  const ps = ParetoSearch.create(space, options, 6);
  for (let i = 0; i < 40; i++) {
    const id = `t${i}`;
    const p = ps.ask(id);
    if (p.parentId !== undefined) t.true(ps.front().some((m) => m.trial.id === p.parentId), `${id}'s parent ${p.parentId} is on the front`);
    const value = structured(space, p.architecture);
    const params = fakeParams(p.architecture);
    ps.tell(id, { state: 'complete', value, epochs: 1, params, metrics: { epoch: 1, loss: 1, accuracy: value, valLoss: 1, valAccuracy: value, seconds: 1 } });
  }
  const front = ps.front();
  t.true(front.length >= 2, `front of ${front.length}`);
  for (const a of front) for (const b of front) t.false(dominates(a.values, b.values, objectives));
  // Every measured trial is dominated by or equal to a front member.
  t.deepEqual(paretoFront([[1, 5], [2, 6], [0.5, 7], [2, 6]], (x) => x, objectives), [[1, 5], [2, 6]]);
  const d = frontDensities([[0, 0], [0.01, 0.01], [1, 1]], 0.2);
  t.true(d[2] < d[0] && d[2] < d[1], 'the isolated point is the sparsest');
});

test('strategy options are refused naming strategy.<key>', (t) => {
  t.throws(() => strategyOptions({ type: 'tpe', candidates: 0 }), { message: /strategy\.candidates: must be an integer between 1 and 10000, got 0/ });
  t.throws(() => strategyOptions({ type: 'tpe', populationSize: 4 }), { message: /strategy\.populationSize: only used by strategy\.type "evolution"; remove it/ });
  t.throws(() => strategyOptions({ type: 'pareto', objectives: [{ metric: 'params', direction: 'minimize' }] }), { message: /strategy\.objectives: must be a list of at least two/ });
  t.throws(() => strategyOptions({ type: 'pareto', objectives: [{ metric: 'valAccuracy', direction: 'up' }, { metric: 'size', direction: 'minimize' }] }), {
    message: /strategy\.objectives\[0\]\.direction: must be "maximize" or "minimize", got "up"[\s\S]*strategy\.objectives\[1\]\.metric: must be one of/,
  });
  t.throws(() => strategyOptions({ type: 'annealing' }), { message: /strategy\.type: must be one of "random", "evolution", "tpe"/ });
  t.is(canonicalJson(strategyOptions({ type: 'tpe' })), canonicalJson({ type: 'tpe', startupTrials: 10, candidates: 24, priorWeight: 1 }));
});
