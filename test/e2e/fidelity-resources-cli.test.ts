// Every fidelity.resource runs a real search end to end through the `nas` command line: a real
// worker process, a real Temporal dev server, real training on a few hundred MNIST digits.
// Rungs of epochs (successive halving), of training samples (asha, and bohb) and of model width
// (hyperband); the searches run at once on one worker to keep the file cheap.
import anyTest, { type TestFn } from 'ava';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { searchThroughCli, useSharedWorker, type NasEnv, type SharedWorkerContext } from './processes';
import type { SearchResult } from '../../domain/search/types';

const test = anyTest as TestFn<SharedWorkerContext>;
useSharedWorker(test);

function searchTo(nas: NasEnv, name: string, fidelity: Record<string, unknown>, trials: number, strategy: Record<string, unknown> = { type: 'random' }): Promise<SearchResult> {
  return searchThroughCli(nas, `resource-${name}`, {
    dataset: { name: 'mnist', trainSize: 256, validationSize: 128 },
    space: { type: 'chain', maxLayers: 2, filters: [4, 8], units: [16] },
    strategy,
    fidelity,
    training: { batchSize: 32 },
    budget: { trials },
    concurrency: 2,
    seed: 5,
  });
}

const seen = (r: SearchResult) =>
  JSON.stringify(r.trials.map((x) => [x.trialId, x.status, x.epochs, x.params, x.segments.map((s) => `${s.rung}:${s.fromEpoch}-${s.toEpoch}/${s.subset ?? s.scale ?? ''}`), x.error]));

test('epochs, subset and scale each run a real MNIST search to completion, and bohb over subsets', async (t) => {
  const { nas } = t.context;
  const [epochs, subset, scale, bohb] = await Promise.all([
    searchTo(nas, 'epochs', { type: 'successive-halving', resource: 'epochs', minEpochs: 1, maxEpochs: 2, eta: 2, bracketSize: 2 }, 2),
    // Rungs of 64, 128 and 256 digits, one epoch each.
    searchTo(nas, 'subset', { type: 'asha', resource: 'subset', minSubset: 64, eta: 2 }, 4),
    // Rungs of filters x0.25, x0.5 and x1: a bracket of 4 from the narrowest, then one at x0.5.
    searchTo(nas, 'scale', { type: 'hyperband', resource: 'scale', minScale: 0.25, eta: 2 }, 5),
    // BOHB's TPE fitted per subset (patch 'resource-budgets'), from two results at a budget on.
    searchTo(nas, 'bohb', { type: 'bohb', resource: 'subset', minSubset: 64, eta: 2 }, 6, { type: 'bohb', minPoints: 2 }),
  ]);
  for (const [name, r] of [['epochs', epochs], ['subset', subset], ['scale', scale], ['bohb', bohb]] as const) {
    t.is(r.status, 'completed', `${name}: ${seen(r)}`);
    t.true(r.trials.every((x) => ['completed', 'pruned', 'duplicate'].includes(x.status)), `${name}: ${seen(r)}`);
    t.true((r.best?.metrics.valAccuracy ?? 0) > 0.1, `${name}: best ${r.best?.metrics.valAccuracy}`);
  }
  t.false('resource' in epochs.config.fidelity, 'epochs is the default and is not written out');
  t.true(epochs.trials.some((x) => x.epochs === 2 && x.segments.length === 2), seen(epochs));

  // subset: each rung one more epoch on the next subset, continuing from the checkpoint.
  const rungs = [64, 128, 256];
  for (const x of subset.trials.filter((y) => y.segments.length > 0)) {
    t.deepEqual(x.segments.map((s) => s.subset), x.segments.map((s) => rungs[s.rung]), seen(subset));
    t.deepEqual(x.segments.map((s) => [s.fromEpoch, s.toEpoch]), x.segments.map((_, i) => [i, i + 1]), seen(subset));
  }
  t.true(subset.trials.some((x) => x.segments.length >= 2), `asha promoted someone: ${seen(subset)}`);
  // bohb: Hyperband's brackets over the same subsets.
  for (const x of bohb.trials.filter((y) => y.segments.length > 0)) {
    t.deepEqual(x.segments.map((s) => s.subset), x.segments.map((s) => rungs[s.rung]), seen(bohb));
    t.true(x.segments.every((s) => typeof s.valAccuracy === 'number'), `each rung's value is kept for BOHB's models: ${seen(bohb)}`);
  }
  t.true(bohb.trials.some((x) => x.segments.length >= 2), `bohb promoted someone: ${seen(bohb)}`);

  // scale: each rung a fresh, wider model with its own checkpoints; the result names its width.
  const widths = [0.25, 0.5, 1];
  for (const x of scale.trials.filter((y) => y.segments.length > 0)) {
    t.deepEqual(x.segments.map((s) => s.scale), x.segments.map((s) => widths[s.rung]), seen(scale));
    t.true(x.segments.every((s) => s.fromEpoch === 0 && s.toEpoch === 1), seen(scale));
    const last = x.segments[x.segments.length - 1];
    t.regex(x.checkpoint?.uri ?? '', new RegExp(`^resource-scale/${x.trialId}-scale${last.rung}/epoch-0001$`));
    t.true(existsSync(join(nas.artifacts, x.checkpoint!.uri)), `stored: ${x.checkpoint!.uri}`);
  }
  t.true(scale.trials.some((x) => x.segments.length >= 2), `hyperband promoted someone: ${seen(scale)}`);
  t.log(`scale: ${seen(scale)}`);
  t.log(`subset: ${seen(subset)}`);
});
