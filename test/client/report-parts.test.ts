// The report's pure parts: the anytime curve, the Pareto front, axis ticks, plots and the graph.
import test from 'ava';
import { anytimeBest, paretoFront } from '../../client/report/html';
import { logTicks, niceTicks, plot, PALETTE } from '../../client/report/svg';
import { graphSvg } from '../../client/report/graph-svg';
import { describeSteps, tallySteps } from '../../client/training-steps';
import type { SearchResult } from '../../domain/search/types';

test('the anytime curve keeps the best so far, in finishing order', (t) => {
  const finished = [0.5, 0.7, 0.6, 0.9, 0.8].map((valAccuracy, i) => ({ trialId: `t${i}`, epochs: 1, valAccuracy, at: 1000 * i }));
  t.deepEqual(anytimeBest(finished).map((a) => a.best), [0.5, 0.7, 0.7, 0.9, 0.9]);
});

test('the Pareto front keeps what nothing cheaper beats, cheapest first', (t) => {
  const items = [
    { id: 'a', cost: 100, accuracy: 0.8 },
    { id: 'b', cost: 50, accuracy: 0.7 },
    { id: 'c', cost: 200, accuracy: 0.75 },
    { id: 'd', cost: 300, accuracy: 0.9 },
    { id: 'e', cost: 50, accuracy: 0.6 },
  ];
  t.deepEqual(paretoFront(items).map((i) => i.id), ['b', 'a', 'd']);
});

test('ticks are round numbers inside the range', (t) => {
  t.deepEqual(niceTicks(0.31, 0.62), [0.4, 0.5, 0.6]);
  t.deepEqual(niceTicks(0, 10), [0, 2, 4, 6, 8, 10]);
  t.deepEqual(logTicks(0, 1), [1, 2, 5, 10]);
  t.deepEqual(logTicks(2, 7), [100, 1000, 10000, 100000, 1000000, 10000000]);
});

test('a plot draws one circle per point and says how many', (t) => {
  const svg = plot({
    id: 'p',
    title: 'T <&>',
    xLabel: 'x',
    yLabel: 'y',
    series: [
      { name: 'a', color: PALETTE[0], points: [{ x: 1, y: 2 }, { x: 2, y: 3, label: 'b<c' }], line: 'step' },
      { name: 'b', color: PALETTE[1], points: [{ x: 3, y: 1 }], dots: false },
    ],
  });
  t.is((svg.match(/<circle class="pt"/g) ?? []).length, 2);
  t.regex(svg, /data-points="2"/);
  t.regex(svg, /T &lt;&amp;&gt;/);
  t.regex(svg, /<title>b&lt;c<\/title>/);
  t.regex(svg, /<polyline/);
});

test('the graph drawing has a box per node and an arrow per edge', (t) => {
  const svg = graphSvg({
    nodes: [
      { id: 'input', op: 'input', params: {}, inputs: [] },
      { id: 'a', op: 'conv', params: { filters: 8, order: 'conv-act' }, inputs: ['input'] },
      { id: 'b', op: 'maxpool', params: { poolSize: 2 }, inputs: ['input'] },
      { id: 'm', op: 'identity', params: {}, inputs: ['a', 'b'], merge: 'sum' },
      { id: 'head', op: 'head', params: { pooling: 'flatten' }, inputs: ['m'] },
    ],
  });
  t.is((svg.match(/<g class="node"/g) ?? []).length, 5);
  t.is((svg.match(/<line class="edge"/g) ?? []).length, 5);
  t.regex(svg, /identity \(sum\) · m/);
  t.notRegex(svg, /order conv-act/);
});

test('the training-step summary counts trials per step and says when records predate it', (t) => {
  const trial = (trialId: string, epochs: number, step?: 'graph' | 'eager', status = 'completed') =>
    ({ trialId, epochs, status, ...(step ? { trainingPath: { step } } : {}) }) as unknown as SearchResult['trials'][number];
  const line = (trials: SearchResult['trials']): string => describeSteps(tallySteps(trials));
  t.is(line([trial('t1', 3, 'graph'), trial('t2', 1, 'graph'), trial('t3', 0)]), 'graph step: all 2 trials trained');
  t.is(line([trial('t1', 3, 'graph'), trial('t2', 1, 'eager'), trial('t3', 1, 'graph')]), 'graph step: 2 trials, eager step: 1 trial');
  // A duplicate shows its original's epochs but trained nothing itself.
  t.is(line([trial('t1', 3, 'eager'), trial('t2', 3, undefined, 'duplicate')]), 'eager step: all 1 trial trained');
  t.is(line([trial('t1', 3, 'graph'), trial('t2', 1)]), 'graph step: 1 trial, not recorded: 1 trial (records from before the step was kept)');
  t.is(line([trial('t1', 3), trial('t2', 1)]), 'not recorded (trial records from before the step was kept)');
  t.is(line([trial('t1', 0)]), 'no trial trained yet');
});
