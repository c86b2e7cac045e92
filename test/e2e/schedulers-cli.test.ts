// Every scheduler (fidelity.type) and learning-curve extrapolation run a real search end to end
// through the `nas` command line: a real worker process, a real Temporal dev server, real
// training on a few hundred MNIST digits. The searches run at once on one worker to keep the
// file cheap.
import anyTest, { type TestFn } from 'ava';
import { searchThroughCli, useSharedWorker, type NasEnv, type SharedWorkerContext } from './processes';
import type { SearchResult } from '../../domain/search/types';

const test = anyTest as TestFn<SharedWorkerContext>;
useSharedWorker(test);

function searchTo(nas: NasEnv, name: string, fidelity: Record<string, unknown>, trials: number): Promise<SearchResult> {
  return searchThroughCli(nas, `fidelity-${name}`, {
    dataset: { name: 'mnist', trainSize: 256, validationSize: 128 },
    space: { type: 'chain', maxLayers: 2, filters: [4, 8], units: [16] },
    strategy: { type: 'random' },
    fidelity,
    training: { batchSize: 32 },
    budget: { trials },
    concurrency: 2,
    seed: 9,
  });
}

const seen = (r: SearchResult) => JSON.stringify(r.trials.map((x) => [x.trialId, x.status, x.epochs, x.segments.map((s) => `${s.fromEpoch}-${s.toEpoch}`), x.error]));

test('hyperband, asha and early stopping each run a real MNIST search to completion', async (t) => {
  const [hyperband, asha, early] = await Promise.all([
    // Rungs 1 and 3 epochs: a bracket of 3 from 1 epoch, then one of 2 trained 3 epochs straight away.
    searchTo(t.context.nas, 'hyperband', { type: 'hyperband', minEpochs: 1, maxEpochs: 3, eta: 3 }, 5),
    searchTo(t.context.nas, 'asha', { type: 'asha', minEpochs: 1, maxEpochs: 3, eta: 3 }, 4),
    searchTo(t.context.nas, 'early-stop', { type: 'none', maxEpochs: 4, bracketSize: 1, earlyStop: { topK: 1, minPoints: 3 } }, 3),
  ]);
  for (const [name, r] of [['hyperband', hyperband], ['asha', asha], ['early-stop', early]] as const) {
    t.is(r.status, 'completed', `${name}: ${seen(r)}`);
    t.true(r.trials.every((x) => ['completed', 'pruned', 'duplicate'].includes(x.status)), `${name}: ${seen(r)}`);
    // Ten classes: anything trained beats chance.
    t.true((r.best?.metrics.valAccuracy ?? 0) > 0.1, `${name}: best ${r.best?.metrics.valAccuracy}`);
  }
  // Hyperband's second bracket starts at the top rung: trained 0 -> 3 epochs in one job.
  t.true(hyperband.trials.some((x) => x.segments[0]?.fromEpoch === 0 && x.segments[0]?.toEpoch === 3), seen(hyperband));
  t.true(hyperband.trials.some((x) => x.segments.length === 2 && x.epochs === 3), `a promotion from 1 to 3 epochs: ${seen(hyperband)}`);
  // ASHA promotes the top third of the results so far: one or two of four (by arrival order),
  // each continuing from its checkpoint; the others stay at 1 epoch and end pruned.
  const promoted = asha.trials.filter((x) => x.epochs === 3);
  t.true(promoted.length >= 1 && promoted.length <= 2, seen(asha));
  for (const x of promoted) t.deepEqual(x.segments.map((s) => [s.fromEpoch, s.toEpoch]), [[0, 1], [1, 3]]);
  t.true(asha.trials.filter((x) => x.epochs === 1).every((x) => x.status === 'pruned'), seen(asha));
  // Early stopping trains in one-epoch steps; a stop, when there is one, says where and why.
  for (const x of early.trials) {
    t.true(x.segments.every((s) => s.toEpoch - s.fromEpoch === 1), seen(early));
    if (x.earlyStop) {
      t.is(x.status, 'pruned');
      t.is(x.epochs, x.earlyStop.epoch);
      t.true(x.earlyStop.probabilityBelow >= 0.95);
    } else {
      t.is(x.epochs, 4, seen(early));
    }
  }
  t.log(`early-stop: ${early.trials.map((x) => `${x.trialId} ${x.epochs} ep${x.earlyStop ? ` stopped (predicted ${x.earlyStop.predicted.toFixed(3)} < ${x.earlyStop.threshold.toFixed(3)})` : ''}`).join('; ')}`);
});
