// The fault drill's verdict on hand-made epoch logs: what counts as finished work trained
// again, and what counts as a resumption from the newest checkpoint.
import test from 'ava';
import { checkSearch, passed } from '../../bench/fault-drill/checks';
import type { EpochRecord } from '../../trainer/epoch-log';

/** A call's records: 'sN' a start of epoch N, 'vN' the save of epoch N. */
function call(id: string, from: number, target: number, events: string[]): EpochRecord[] {
  return events.map((e) => ({ event: e[0] === 's' ? 'start' : 'saved', epoch: Number(e.slice(1)), call: id, from, target, pid: 1, at: '' }));
}

const trial = (trialId: string, epochs: number, status = 'completed') => ({ trialId, status, epochs });

test('an interrupted training that goes on from its newest checkpoint passes', (t) => {
  const logs = new Map([['t1', [...call('a', 0, 3, ['s1', 'v1', 's2', 'v2', 's3']), ...call('b', 2, 3, ['s3', 'v3'])]]]);
  const v = checkSearch([trial('t1', 3)], logs);
  t.true(passed(v), JSON.stringify(v));
  t.is(v.interrupted, 1);
  t.is(v.resumed, 1);
  t.is(v.epochStarts, 4);
});

test('a start of an epoch already saved is finished work trained again', (t) => {
  const logs = new Map([['t1', [...call('a', 0, 3, ['s1', 'v1', 's2', 'v2', 's3']), ...call('b', 1, 3, ['s2', 'v2', 's3', 'v3'])]]]);
  const v = checkSearch([trial('t1', 3)], logs);
  t.false(passed(v));
  t.deepEqual(v.retrained, [{ trialId: 't1', epoch: 2 }]);
  t.deepEqual(v.notResumed, [{ trialId: 't1', from: 1, newest: 2 }]);
});

test('a save the trainer published but could not log before it died still counts as the newest checkpoint', (t) => {
  const logs = new Map([['t1', [...call('a', 0, 3, ['s1', 'v1', 's2']), ...call('b', 2, 3, ['s3', 'v3'])]]]);
  t.true(passed(checkSearch([trial('t1', 3)], logs)));
});

test('promotions continue from the rung below; only an interrupted call asks for a resumption', (t) => {
  const logs = new Map([['t1', [...call('a', 0, 1, ['s1', 'v1']), ...call('b', 1, 2, ['s2', 'v2'])]]]);
  const v = checkSearch([trial('t1', 2)], logs);
  t.true(passed(v));
  t.is(v.interrupted, 0);
});

test('a failed trial is lost, a trial listed twice or still running fails, and reported epochs must match the log', (t) => {
  const logs = new Map([['t1', call('a', 0, 1, ['s1', 'v1'])], ['t2', call('b', 0, 1, ['s1'])]]);
  const v = checkSearch([trial('t1', 2), trial('t1', 1), trial('t2', 0, 'failed'), trial('t3', 0, 'running')], logs);
  t.false(passed(v));
  t.deepEqual(v.duplicateIds, ['t1']);
  t.deepEqual(v.lost, ['t2']);
  t.deepEqual(v.notFinal, ['t3']);
  t.deepEqual(v.epochMismatch, [{ trialId: 't1', logged: 1, reported: 2 }]);
});
