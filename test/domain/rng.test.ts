import test from 'ava';
import { Rng } from '../../domain/rng';

const draws = (rng: Rng, n: number): number[] => Array.from({ length: n }, () => rng.nextUint32());

test('rng: the same seed gives the same sequence, different seeds differ', (t) => {
  t.deepEqual(draws(new Rng(123), 50), draws(new Rng(123), 50));
  t.notDeepEqual(draws(new Rng(123), 50), draws(new Rng(124), 50));
});

test('rng: state() continues the sequence, also after a JSON round trip', (t) => {
  const a = new Rng(7);
  draws(a, 17);
  const b = new Rng(JSON.parse(JSON.stringify(a.state())));
  t.deepEqual(draws(b, 50), draws(a, 50));
});

test('rng: state() is a copy', (t) => {
  const a = new Rng(7);
  const s = a.state();
  draws(a, 3);
  t.notDeepEqual(a.state(), s);
});

test('rng: int stays in range and covers it; pick covers the array', (t) => {
  const rng = new Rng(5);
  const ints = new Set(Array.from({ length: 2000 }, () => rng.int(7)));
  t.deepEqual([...ints].sort(), [0, 1, 2, 3, 4, 5, 6]);
  const picks = new Set(Array.from({ length: 200 }, () => rng.pick(['a', 'b', 'c'])));
  t.is(picks.size, 3);
  for (let i = 0; i < 1000; i++) {
    const x = rng.next();
    t.true(x >= 0 && x < 1);
  }
});

test('rng: bad arguments throw', (t) => {
  t.throws(() => new Rng(1.5), { message: 'Rng seed must be an integer, got 1.5' });
  t.throws(() => new Rng(1).int(0), { message: 'Rng.int needs a positive integer, got 0' });
  t.throws(() => new Rng(1).pick([]), { message: 'Rng.pick needs a non-empty array' });
});
