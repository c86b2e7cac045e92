// The rank statistics of the table summary (bench/tabular/summary.ts) on hand-made lists.
import test from 'ava';
import { ranks, spearman, summaryLines } from '../../bench/tabular/summary';
import { handMade } from '../domain/helpers/tabular-table';

test('ranks give ties their mean rank; Spearman is 1 for the same order, -1 for the reverse', (t) => {
  t.deepEqual(ranks([0.3, 0.1, 0.3, 0.2]), [2.5, 0, 2.5, 1]);
  t.is(spearman([1, 2, 3, 4], [10, 20, 30, 40]), 1);
  t.is(spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1);
  t.is(spearman([1, 1, 1], [1, 2, 3]), 0);
});

test('the summary of the hand-made table lists every epoch with its correlation to the last', (t) => {
  const lines = summaryLines(handMade);
  t.is(lines[0], 'networks: 2');
  // Epoch 1: 0.2 / 0.4 ranks as the final 0.6 / 0.7 do; epoch 2: 0.5 / 0.45 the other way.
  t.is(lines[4], '1 | 0.200 / 0.400 / 0.400 | 1.00');
  t.is(lines[5], '2 | 0.450 / 0.500 / 0.500 | -1.00');
  t.is(lines.length, 7);
});
