// Hill climbing with morphisms (NASH) as a pure strategy: random starts until something is
// told, then children of the best told network, each made by one random morphism and carrying
// its weight map; after a step's children are told the best of parent and children is the next
// parent. Same seed, same sequence; the state survives a JSON round trip.
import test from 'ava';
import { ConfigReader } from '../../domain/config/reader';
import { createSpace } from '../../domain/spaces';
import { isGraphArchitecture } from '../../domain/spaces/graph-architecture';
import { MorphismClimbing, readMorphismClimbOptions } from '../../domain/strategies/morphism-climb';
import type { Proposal } from '../../domain/types';

const space = createSpace({ type: 'chain', maxLayers: 3, filters: [2, 4], units: [4, 8], kernelSizes: [3, 5] });
const options = (over: Record<string, unknown> = {}) => {
  const r = new ConfigReader();
  const o = readMorphismClimbOptions({ type: 'hillclimb', morphisms: true, children: 2, inputShape: [12, 12, 1], ...over }, r);
  if (r.problems.length > 0) throw new Error(r.problems.join('; '));
  return o;
};

/** A fixed objective: more parameters' worth of layers is "better", so the climb has a direction. */
const score = (p: Proposal): number => JSON.stringify(p.architecture).length / 10_000;

function run(strategy: MorphismClimbing, asks: number): Proposal[] {
  const out: Proposal[] = [];
  for (let i = 0; i < asks; i++) {
    const id = `t${i}`;
    const p = strategy.ask(id);
    out.push(p);
    strategy.tell(id, { state: 'complete', value: score(p) });
  }
  return out;
}

test('children of the best told network carry their parent, operator and weight map', (t) => {
  const proposals = run(MorphismClimbing.create(space, options(), 3), 9);
  t.is(proposals[0].parentId, undefined, 'the first network is a random draw');
  for (const p of proposals.slice(1)) {
    t.truthy(p.parentId);
    t.true(isGraphArchitecture(p.architecture));
    t.truthy(p.morphism);
    t.true(p.morphism?.exact);
    t.true(['deepen', 'widen', 'skip-sum', 'skip-concat', 'grow-kernel'].includes(p.morphism?.operator as string));
  }
  // Steps of two children: t1, t2 of t0; then the best of t0, t1, t2 is the parent of t3, t4.
  t.deepEqual([proposals[1].parentId, proposals[2].parentId], ['t0', 't0']);
  const values = proposals.slice(0, 3).map(score);
  const best = `t${values.indexOf(Math.max(...values))}`;
  t.deepEqual([proposals[3].parentId, proposals[4].parentId], [best, best]);
});

test('the same seed gives the same proposals, also across a JSON round trip of the state', (t) => {
  const a = MorphismClimbing.create(space, options(), 5);
  const b = MorphismClimbing.create(space, options(), 5);
  const first = run(a, 4);
  t.deepEqual(run(b, 4), first);
  const restored = MorphismClimbing.restore(space, options(), JSON.parse(JSON.stringify(a.snapshot())));
  const next = (s: MorphismClimbing): Proposal[] => {
    const p = s.ask('u0');
    s.tell('u0', { state: 'complete', value: score(p) });
    return [p, s.ask('u1')];
  };
  t.deepEqual(next(restored), next(b));
});

test('inherit false proposes the same children without weight maps (the from-scratch baseline)', (t) => {
  const withMaps = run(MorphismClimbing.create(space, options(), 8), 5);
  const scratch = run(MorphismClimbing.create(space, options({ inherit: false }), 8), 5);
  t.deepEqual(scratch.map((p) => p.architecture), withMaps.map((p) => p.architecture));
  t.true(scratch.every((p) => p.morphism === undefined));
});

test('bad options are refused naming the key', (t) => {
  const r = new ConfigReader();
  readMorphismClimbOptions({ children: 0, operators: ['shrink'], inherit: 'yes', inputShape: [28, 28] }, r);
  t.true(r.problems.some((p) => p.startsWith('strategy.children')));
  t.true(r.problems.some((p) => p.startsWith('strategy.operators')));
  t.true(r.problems.some((p) => p.startsWith('strategy.inherit')));
  t.true(r.problems.some((p) => p.startsWith('strategy.inputShape')));
});
