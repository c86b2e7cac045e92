import test from 'ava';
import { retentionPlan } from '../../domain/search/retention';

const metrics = (valAccuracy: number) => ({ epoch: 1, loss: 1, accuracy: 0.5, valLoss: 1, valAccuracy, seconds: 1 });
const trial = (trialId: string, acc: number | undefined, epochs = 1, status = 'completed') => ({
  trialId, status, epochs, rung: 0, description: trialId,
  ...(acc === undefined ? {} : { metrics: metrics(acc), checkpoint: { uri: `s/${trialId}/epoch-000${epochs}`, epoch: epochs } }),
});

test('keeps the final checkpoints of the N best trials and removes everything else', (t) => {
  const trials = [trial('t1', 0.5), trial('t2', 0.9, 3), trial('t3', 0.7), trial('t4', undefined, 0, 'failed'), trial('t5', 0.9, 3, 'duplicate')];
  const stored = ['s/t1/epoch-0001', 's/t2/epoch-0001', 's/t2/epoch-0003', 's/t3/epoch-0001', 's/t5/epoch-0003', 's/t9/epoch-0002'];
  const plan = retentionPlan({ trials } as never, 2, stored);
  t.deepEqual(plan.keptTrials, ['t2', 't3']);
  t.deepEqual(plan.keep, ['s/t2/epoch-0003', 's/t3/epoch-0001']);
  t.deepEqual(plan.remove, ['s/t1/epoch-0001', 's/t2/epoch-0001', 's/t5/epoch-0003', 's/t9/epoch-0002']);
});

test('--keep 0 removes all; more than there are keeps every ranked trial', (t) => {
  const trials = [trial('t1', 0.5), trial('t2', 0.6)];
  const stored = ['s/t1/epoch-0001', 's/t2/epoch-0001'];
  t.deepEqual(retentionPlan({ trials } as never, 0, stored).remove, stored);
  t.deepEqual(retentionPlan({ trials } as never, 10, stored).keep, stored);
  t.throws(() => retentionPlan({ trials } as never, -1, stored), { instanceOf: RangeError });
});
