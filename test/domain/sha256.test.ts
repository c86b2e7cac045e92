import test from 'ava';
import { createHash } from 'node:crypto';
import { sha256Hex } from '../../domain/hash/sha256';

test('sha256Hex agrees with node:crypto, padding edges and multi-byte characters included', (t) => {
  for (const text of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'x'.repeat(1000), 'héllo wörld ✓ 🎉']) {
    t.is(sha256Hex(text), createHash('sha256').update(text, 'utf8').digest('hex'), `length ${text.length}`);
  }
});
