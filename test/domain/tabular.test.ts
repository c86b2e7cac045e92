// The tabular benchmark's lookup on a hand-made table.
import test from 'ava';
import { TabularLookupError, lookupTraining, tableOptimum } from '../../domain/tabular';
import { handMade } from './helpers/tabular-table';

test('a lookup returns the stored epochs after the resumed one, and their seconds', (t) => {
  const all = lookupTraining(handMade, 'aaa', 0, 3);
  t.deepEqual(all.history.map((m) => m.valAccuracy), [0.2, 0.5, 0.6]);
  t.is(all.seconds, 6);
  t.is(all.params, 10);
  const resumed = lookupTraining(handMade, 'aaa', 1, 2);
  t.deepEqual(resumed.history.map((m) => m.epoch), [2]);
  t.is(resumed.seconds, 2);
});

test('a lookup returns copies: changing them leaves the table alone', (t) => {
  lookupTraining(handMade, 'bbb', 0, 1).history[0].valAccuracy = 99;
  t.is(handMade.entries.bbb.curve[0].valAccuracy, 0.4);
});

test('a lookup the table cannot answer says why', (t) => {
  t.throws(() => lookupTraining(handMade, 'zzz', 0, 1), { instanceOf: TabularLookupError, message: /no network with hash zzz: the search's space must be the table's/ });
  t.throws(() => lookupTraining(handMade, 'aaa', 0, 4), { instanceOf: TabularLookupError, message: /holds epochs 1\.\.3, a training to 4 epochs was asked/ });
  t.throws(() => lookupTraining(handMade, 'aaa', 2, 2), { instanceOf: TabularLookupError, message: /from epoch 2 to 2 is empty/ });
});

test('the optimum is the best validation accuracy at the asked epochs', (t) => {
  t.is(tableOptimum(handMade), 0.7);
  t.is(tableOptimum(handMade, 2), 0.5);
});
