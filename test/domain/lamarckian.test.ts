// Lamarckian regularized evolution (issue 7): with `strategy.lamarckian: true` a mutation's child
// carries an approximate weight map inheriting every layer its parent has under the same id and
// operation; without it, proposals carry no map. The option survives a snapshot round trip and a
// restore with the other setting is refused.
import test from 'ava';
import { createStrategy, restoreStrategy, strategyOptions } from '../../domain/strategies';
import { createSpace } from '../../domain/spaces';

const space = createSpace({ type: 'chain', maxLayers: 4, filters: [4, 8], units: [8, 16] });

function children(lamarckian: boolean) {
  const options = strategyOptions({ type: 'evolution', populationSize: 3, sampleSize: 2, ...(lamarckian ? { lamarckian: true } : {}) });
  const s = createStrategy(options, space, 4);
  const out = [];
  for (let i = 0; i < 8; i++) {
    const p = s.ask(`t${i}`);
    out.push(p);
    s.tell(`t${i}`, { state: 'complete', value: (i % 4) / 4 });
  }
  return { out, s, options };
}

test('lamarckian mutations carry an approximate weight map of the layers they share with their parent', (t) => {
  const { out } = children(true);
  const mutated = out.filter((p) => p.parentId !== undefined);
  t.true(mutated.length >= 4);
  for (const p of mutated) {
    t.is(p.morphism?.operator, 'mutation');
    t.false(p.morphism?.exact);
    const child = space.compile(p.architecture);
    const inherited = Object.entries(p.morphism?.weightMap.nodes ?? {});
    t.true(inherited.length > 0);
    for (const [id, init] of inherited) {
      t.true(child.nodes.some((n) => n.id === id));
      t.deepEqual(init, { kind: 'inherit', from: id });
    }
  }
  t.true(children(false).out.every((p) => p.morphism === undefined));
});

test('the lamarckian option survives a snapshot round trip and must match on restore', (t) => {
  const { s, options } = children(true);
  const snapshot = JSON.parse(JSON.stringify(s.snapshot()));
  const restored = restoreStrategy(options, space, snapshot);
  t.is(restored.ask('next').morphism?.operator, 'mutation');
  t.throws(() => restoreStrategy(strategyOptions({ type: 'evolution', populationSize: 3, sampleSize: 2 }), space, snapshot), { message: /lamarckian true, the spec false/ });
});
