// The tabular benchmark's lookup on a hand-made table.
import test from 'ava';
import { TabularLookupError, lookupTraining, tableOptimum, warmUpSeconds, type TabularTable } from '../../domain/tabular';
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

test('a resumed training also pays the warm-up its first epoch held: first epoch less the median later epoch', (t) => {
  const at = (epoch: number, seconds: number) => ({ epoch, loss: 1, accuracy: 0.5, valLoss: 1, valAccuracy: 0.5, seconds });
  const slowStart: TabularTable = {
    ...handMade,
    entries: { ccc: { index: 2, description: 'c', params: 1, flops: 1, curve: [at(1, 3), at(2, 1), at(3, 1.2), at(4, 0.8)] } },
  };
  t.is(warmUpSeconds(slowStart.entries.ccc), 2);
  t.is(lookupTraining(slowStart, 'ccc', 0, 3).seconds, 3 + 1 + 1.2, 'a training from scratch: its stored epochs, warm-up included');
  t.is(lookupTraining(slowStart, 'ccc', 1, 3).seconds, 1 + 1.2 + 2, 'resumed: the epochs trained, plus the warm-up again');
  t.is(lookupTraining(handMade, 'aaa', 1, 2).seconds, 2, 'no warm-up when the first epoch was not the slowest');
  t.is(warmUpSeconds({ ...slowStart.entries.ccc, curve: [at(1, 3)] }), 0, 'a one-epoch curve has no later epoch to compare with');
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
