// BOHB: Hyperband's brackets with TPE fitted per budget proposing the new candidates.
import test from 'ava';
import { BohbSearch, valuesByBudget } from '../../domain/strategies/bohb';
import { parseSearchConfig } from '../../domain/config/validate';
import { ConfigError } from '../../domain/config/errors';
import { createSpace } from '../../domain/spaces';
import { SearchEngine } from '../../domain/search/engine';
import type { EpochMetrics } from '../../contracts/training';

const curve = (values: number[]): EpochMetrics[] =>
  values.map((v, i) => ({ epoch: i + 1, loss: 1 - v, accuracy: v, valLoss: 1 - v, valAccuracy: v, seconds: 1 }));

test('fidelity.type "bohb" is Hyperband with the bohb strategy; another strategy is refused naming the fix', (t) => {
  const c = parseSearchConfig({ fidelity: { type: 'bohb', maxEpochs: 9 } });
  t.is(c.strategy.type, 'bohb');
  t.is(c.fidelity.type, 'bohb');
  const withOptions = parseSearchConfig({ fidelity: { type: 'bohb' }, strategy: { minPoints: 4 } });
  t.is(withOptions.strategy.minPoints, 4);
  const err = t.throws(() => parseSearchConfig({ fidelity: { type: 'bohb' }, strategy: { type: 'evolution' } }), { instanceOf: ConfigError });
  t.regex(err.message, /strategy\.type: fidelity\.type "bohb" proposes its candidates with strategy "bohb"; remove strategy\.type "evolution"/);
});

test('observations per budget come from every epoch of each learning curve; TPE fits the largest budget with enough of them', (t) => {
  const space = createSpace(parseSearchConfig({ dataset: { name: 'synthetic' } }).space);
  const s = BohbSearch.create(space, { type: 'bohb', minPoints: 3, randomFraction: 0, candidates: 24, priorWeight: 1 }, 1);
  t.is(s.modelBudget(), undefined);
  const told = [
    [0.5, 0.6, 0.7],
    [0.4],
    [0.6, 0.65, 0.8],
    [0.3],
    [0.55],
  ];
  told.forEach((values, i) => {
    const id = `t${i + 1}`;
    s.ask(id);
    s.tell(id, { state: values.length === 3 ? 'complete' : 'pruned', value: values[values.length - 1], epochs: values.length, curve: curve(values) });
  });
  const snap = s.snapshot();
  const byBudget = valuesByBudget(snap.trials, snap.points);
  t.deepEqual([...byBudget.keys()].sort(), [1, 2, 3]);
  t.is(byBudget.get(1)?.length, 5);
  t.is(byBudget.get(3)?.length, 2);
  // Budget 3 has 2 results, budget 1 has 5: the model is fitted at 1 epoch.
  t.is(s.modelBudget(), 1);
  t.truthy(s.ask('t6').architecture);
});

test('a bohb search runs through the engine on Hyperband\'s plan, the strategy told every trial', (t) => {
  const config = parseSearchConfig({ dataset: { name: 'synthetic' }, fidelity: { type: 'bohb', maxEpochs: 9 }, strategy: { minPoints: 4, randomFraction: 0 }, budget: { trials: 30 }, concurrency: 2, seed: 2 });
  const engine = SearchEngine.create(config, 0);
  for (let guard = 0; guard < 1000 && !engine.isDone(); guard++) {
    const jobs = engine.takeJobs();
    if (jobs.length === 0) break;
    for (const job of jobs) {
      const v = 0.5 + (job.seed % 97) / 300 + job.targetEpochs / 100;
      const from = job.resumeFrom?.epoch ?? 0;
      const history = curve(Array.from({ length: job.targetEpochs }, (_, i) => v - 0.01 * (job.targetEpochs - i - 1))).slice(from);
      engine.completeJob(job.trialId, {
        epochsDone: job.targetEpochs,
        checkpoint: { uri: `${job.trialId}/${job.targetEpochs}`, epoch: job.targetEpochs },
        history,
        final: history[history.length - 1],
        params: 1,
        flops: 1,
        wallTimeMs: 1,
        backend: { name: 'fake', package: 'none', version: '0', gpu: false },
      });
    }
  }
  t.is(engine.status(), 'completed');
  const snapshot = engine.snapshot().strategy as { trials: { id: string }[] };
  t.is(snapshot.trials.length, engine.trialRecords().length);
  // Hyperband's plan for 30: brackets of 9, 5, 3, 9 and 4 candidates.
  t.deepEqual([...new Set(engine.trialRecords().map((r) => r.bracket))].map((b) => engine.trialRecords().filter((r) => r.bracket === b).length), [9, 5, 3, 9, 4]);
});
