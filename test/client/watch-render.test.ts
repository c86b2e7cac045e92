// The watch display as a pure function of a snapshot: bars, time left, plain lines, JSON.
import test from 'ava';
import { renderBlock, renderJson, renderLine, bar } from '../../client/watch/render';
import { trainingView, type WatchSnapshot } from '../../client/watch/snapshot';
import type { SearchProgress } from '../../domain/search/types';

const metrics = (epoch: number, seconds: number) => ({ epoch, loss: 0.5 / epoch, accuracy: 0.8 + epoch / 100, valLoss: 0.6 / epoch, valAccuracy: 0.78 + epoch / 100, seconds });

const progress: SearchProgress = {
  status: 'running',
  trialsDone: 3,
  trialsStarted: 5,
  trialsTotal: 12,
  duplicates: 0,
  running: [
    { trialId: 't0004', rung: 1, targetEpochs: 9 },
    { trialId: 't0005', rung: 0, targetEpochs: 1 },
  ],
  rungs: [1, 3, 9],
  brackets: [{ index: 0, rung: 1, contenders: 3, complete: false }],
  best: { trialId: 't0002', valAccuracy: 0.9345, valLoss: 0.2, epochs: 3, rung: 1, params: 1234, description: 'conv3x3-8-relu' },
  leaderboard: [],
  startedAt: 0,
  elapsedMs: 125_000,
  generation: 0,
};

const snapshot = (): WatchSnapshot => ({
  searchId: 's1',
  status: 'running',
  at: 1_700_000_000_000,
  progress,
  trainings: [
    trainingView(progress.running[0], { attempt: 2, heartbeat: { trialId: 't0004', targetEpochs: 9, epochsDone: 5, history: [metrics(4, 10), metrics(5, 12)] } }),
    trainingView(progress.running[1], undefined),
  ],
});

test('a training view estimates the time left from its epochs so far', (t) => {
  const [a, b] = snapshot().trainings;
  t.like(a, { trialId: 't0004', epochsDone: 5, targetEpochs: 9, attempt: 2, secondsPerEpoch: 11, secondsLeft: 44 });
  t.is(a.last?.epoch, 5);
  t.like(b, { trialId: 't0005', epochsDone: 0, attempt: 1 });
  t.is(b.secondsLeft, undefined);
});

test('bars fill in proportion', (t) => {
  t.is(bar(0, 4), '░░░░');
  t.is(bar(0.5, 4), '██░░');
  t.is(bar(1.7, 4), '████');
});

test('the terminal block shows budget, rungs, best and a bar per training', (t) => {
  const lines = renderBlock(snapshot());
  t.is(lines[0], 'search s1: running · 02:05 elapsed');
  t.regex(lines[1], /^trials {2}█{5}░{15} 3\/12 done \(25% of the budget\)$/);
  t.regex(lines[2], /^rungs {3}0:1ep 1:3ep 2:9ep {2}· open brackets: b0 at rung 1 \(3 in\)$/);
  t.regex(lines[3], /^best {4}t0002 93\.45% after 3 epochs, 1234 params {2}conv3x3-8-relu$/);
  t.regex(lines[4], /^ {2}t0004 rung 1 █{7}░{5} +5\/9 ep {2}loss 0\.100 acc 85\.00% val 83\.00% · ~00:44 left · attempt 2$/);
  t.regex(lines[5], /^ {2}t0005 rung 0 ░{12} +0\/1 ep {2}starting$/);
  t.is(lines.length, 6);
});

test('plain lines and JSON lines say the same', (t) => {
  t.is(renderLine(snapshot()), '[02:05] running 3/12 trials done | b0:rung 1 (3 ep) | training t0004:5/9ep t0005:0/1ep | best t0002 93.45% @3ep');
  const json = renderJson(snapshot());
  t.like(json, { searchId: 's1', status: 'running', trialsDone: 3, trialsTotal: 12, at: '2023-11-14T22:13:20.000Z' });
  t.deepEqual((json.trainings as { epochsDone: number }[]).map((x) => x.epochsDone), [5, 0]);
  t.notThrows(() => JSON.parse(JSON.stringify(json)));
});
