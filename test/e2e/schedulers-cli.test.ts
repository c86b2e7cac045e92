// Every scheduler (fidelity.type) and learning-curve extrapolation run a real search end to end
// through the `nas` command line: a real worker process, a real Temporal dev server, real
// training on a few hundred MNIST digits. The searches run at once on one worker to keep the
// file cheap.
import anyTest, { type TestFn } from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTestEnv } from '../helpers/temporal-test-env';
import { killGroup, nasEnv, runNas, startWorkerProcess, waitFor, type NasEnv } from './processes';
import type { SearchResult } from '../../domain/search/types';

const test = anyTest as TestFn<{ env: TestWorkflowEnvironment; nas: NasEnv; worker: ReturnType<typeof startWorkerProcess> }>;

test.before(async (t) => {
  t.context.env = await createTestEnv();
  t.context.nas = nasEnv(t.context.env.address);
  t.context.worker = startWorkerProcess(t.context.nas, ['--concurrency', '2']);
  await waitFor('the worker to poll', () => (t.context.worker.output().includes('worker polling') ? true : undefined), 120_000);
});
test.after.always(async (t) => {
  if (t.context.worker) killGroup(t.context.worker.child, 'SIGTERM');
  await t.context.env?.teardown();
});

async function searchTo(nas: NasEnv, name: string, fidelity: Record<string, unknown>, trials: number): Promise<SearchResult> {
  const config = {
    dataset: { name: 'mnist', trainSize: 256, validationSize: 128 },
    space: { type: 'chain', maxLayers: 2, filters: [4, 8], units: [16] },
    strategy: { type: 'random' },
    fidelity,
    training: { batchSize: 32 },
    budget: { trials },
    concurrency: 2,
    seed: 9,
  };
  const path = join(nas.home, `${name}.json`);
  writeFileSync(path, JSON.stringify(config));
  const id = `fidelity-${name}`;
  const started = await runNas(['search', path, '--detach', '--id', id], nas);
  if (started.code !== 0) throw new Error(`nas search ${id}: exit code ${started.code}: ${started.stderr}`);
  await waitFor(`the ${id} search to end`, async () => {
    const out = await runNas(['status', id, '--json'], nas);
    if (out.stdout.trim() === '') throw new Error(`nas status ${id} --json: exit code ${out.code}: ${out.stderr}`);
    const r = JSON.parse(out.stdout) as { status: string };
    return r.status === 'running' ? undefined : r;
  }, 540_000, 1000);
  const result = await runNas(['result', id, '--json'], nas);
  if (result.stdout.trim() === '') throw new Error(`nas result ${id} --json: exit code ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as SearchResult;
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
