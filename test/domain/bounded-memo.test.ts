import test from 'ava';
import { BoundedMemo } from '../../domain/bounded-memo';

test('a memo computes once per key and forgets everything when its keys pass the bound', (t) => {
  const calls: string[] = [];
  const upper = (key: string): string => {
    calls.push(key);
    return key.toUpperCase();
  };
  const memo = new BoundedMemo(12);
  t.is(memo.get('abc', upper), 'ABC');
  t.is(memo.get('abc', upper), 'ABC');
  t.deepEqual(calls, ['abc']);
  t.is(memo.get('def', upper), 'DEF');
  t.is(memo.size, 2); // 12 characters of keys and values: at the bound
  t.is(memo.get('ghi', upper), 'GHI'); // would pass it: the memo starts over
  t.is(memo.size, 1);
  t.is(memo.get('abc', upper), 'ABC');
  t.deepEqual(calls, ['abc', 'def', 'ghi', 'abc']);
});

test('a result larger than the bound is returned but not kept', (t) => {
  const memo = new BoundedMemo(4);
  t.is(memo.get('long key', (k) => k.length.toString()), '8');
  t.is(memo.size, 0);
});
