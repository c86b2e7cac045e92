// `nas export --retrain` end to end: a real search on a real dev server, then a retraining on
// training + validation data as a nasRetrain workflow, its worker killed with -9 mid-training
// and replaced, the retraining resuming from its own checkpoint, and the exported model loaded
// by stock tfjs in a fresh process. Also the refusals, each naming the option.
import anyTest, { type TestFn } from 'ava';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTestEnv } from '../helpers/temporal-test-env';
import { killGroup, nasEnv, runNas, startWorkerProcess, waitFor, type NasEnv } from './processes';
import type { SearchResult } from '../../domain/search/types';
import type { RetrainWorkflowResult } from '../../workflows/retrain-definitions';
import { loadDataset } from '../../trainer/datasets';
import { withStoredTrials } from '../../client/search-client';

type Worker = ReturnType<typeof startWorkerProcess>;
const test = anyTest as TestFn<{ env: TestWorkflowEnvironment; nas: NasEnv; workers: Worker[] }>;

// Epochs of about a second, so the kill lands between two of the retraining's checkpoints.
const config = {
  dataset: { name: 'synthetic', trainSize: 3072, validationSize: 256 },
  space: { type: 'chain', maxLayers: 2, minLayers: 2, operations: ['conv'], filters: [8, 16], kernelSizes: [3] },
  strategy: { type: 'random' },
  fidelity: { type: 'none', maxEpochs: 4 },
  budget: { trials: 2 },
  concurrency: 1,
  seed: 5,
};

test.before(async (t) => {
  t.context.env = await createTestEnv();
  t.context.nas = nasEnv(t.context.env.address);
  t.context.workers = [startWorkerProcess(t.context.nas, ['--concurrency', '1'])];
  await waitFor('the worker to poll', () => (t.context.workers[0].output().includes('worker polling') ? true : undefined), 120_000);
});
test.after.always(async (t) => {
  for (const w of t.context.workers ?? []) killGroup(w.child);
  await t.context.env?.teardown();
});

interface AttemptLine {
  attempt: number;
  startEpoch: number;
  pid: number;
}

function attempts(dir: string): AttemptLine[] {
  const file = join(dir, 'attempts.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as AttemptLine);
}

function epochCheckpoints(dir: string): number[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((n) => /^epoch-\d+$/.test(n)).map((n) => Number(n.slice(6)));
}

test.serial('--retrain refuses, naming the option, before anything is trained or written', async (t) => {
  const { nas, env } = t.context;
  const out = join(nas.home, 'refused');
  const unknown = await runNas(['export', 'no-such-search', '--retrain', '--out', out], nas);
  t.is(unknown.code, 4, unknown.stderr);
  t.regex(unknown.stderr, /no search with id "no-such-search"/);

  // A search nobody trains for (its training queue has no worker) stays running.
  const running = await env.client.workflow.start('nasSearch', {
    taskQueue: 'nas-search',
    workflowId: 'still-running',
    args: [{ config: { ...config, trainingTaskQueue: 'nobody-serves-this' } }],
  });
  try {
    const r = await runNas(['export', 'still-running', '--retrain', '--out', out], nas);
    t.is(r.code, 2, r.stderr);
    t.regex(r.stderr, /search still-running is still running, and --retrain retrains what it chose/);
  } finally {
    await running.terminate('test done');
  }
  t.false(existsSync(out));
});

test.serial('export --retrain trains the trial again on training + validation data, survives kill -9 of its worker, and exports a model stock tfjs loads', async (t) => {
  const { nas, env } = t.context;
  const searchId = 'retrain-me';
  const search = await env.client.workflow.start('nasSearch', { taskQueue: 'nas-search', workflowId: searchId, args: [{ config }] });
  const result = await withStoredTrials((await search.result()) as SearchResult);
  t.is(result.status, 'completed');
  const best = result.best!.trialId;

  const noTrial = await runNas(['export', searchId, '--retrain', '--trial', 't0042', '--out', join(nas.home, 'x')], nas);
  t.is(noTrial.code, 4, noTrial.stderr);
  t.regex(noTrial.stderr, /has no trial "t0042" \(--trial; its trials: t0001, t0002\)/);

  const out = join(nas.home, 'retrained');
  const exporting = runNas(['export', searchId, '--retrain', '--out', out], nas, 400_000);
  const retrainDir = join(nas.artifacts, searchId, `${best}-retrain`);
  await waitFor('the retraining to checkpoint epoch 2', () => (epochCheckpoints(retrainDir).some((e) => e >= 2) ? true : undefined), 240_000, 100);
  killGroup(t.context.workers[0].child);
  const savedBeforeKill = Math.max(...epochCheckpoints(retrainDir));
  t.log(`killed the worker with the retraining at epoch ${savedBeforeKill}`);
  t.true(savedBeforeKill < 4, 'killed before the retraining finished');
  t.context.workers.push(startWorkerProcess(nas, ['--concurrency', '1']));

  const exported = await exporting;
  t.is(exported.code, 0, exported.stderr);
  t.regex(exported.stderr, new RegExp(`retraining ${best} for 4 epochs on 3328 samples \\(training \\+ validation\\): workflow ${searchId}\\.retrain-${best}`));
  t.regex(exported.stdout, new RegExp(`exported ${searchId}/${best} retrained for 4 epochs on training \\+ validation data`));
  // Progress lines, live from heartbeats or from the result at the end, each epoch at most once
  // (an epoch whose heartbeat died with the worker is not known to anyone but its checkpoint).
  const epochs = [...exported.stderr.matchAll(/^retrain epoch (\d)\/4: loss \d/gm)].map((m) => Number(m[1]));
  t.true(epochs.length >= 2 && epochs.every((e, i) => i === 0 || e > epochs[i - 1]), exported.stderr);
  t.regex(exported.stderr, /^retrain epoch 4\/4: .* \(attempt 2\)$/m);

  // The retraining resumed from its own checkpoint, in another process.
  const runs = attempts(retrainDir);
  t.is(runs.length, 2, JSON.stringify(runs));
  t.is(runs[0].startEpoch, 0);
  t.true(runs[1].startEpoch >= 2 && runs[1].startEpoch <= savedBeforeKill, JSON.stringify(runs));
  t.not(runs[0].pid, runs[1].pid);
  // The search's own trial was left alone.
  t.is(attempts(join(nas.artifacts, searchId, best)).length, 1);

  // A durable workflow of its own, visible to Temporal (and its Web UI).
  const handle = env.client.workflow.getHandle(`${searchId}.retrain-${best}`);
  const description = await handle.describe();
  t.is(description.type, 'nasRetrain');
  t.is(description.status.name, 'COMPLETED');
  t.regex((await description.staticSummary()) ?? '', new RegExp(`^NAS retrain ${best} of ${searchId} · 4 epochs · 3328 samples$`));
  const retrain = (await handle.result()) as RetrainWorkflowResult;
  t.is(retrain.result.attempt, 2);
  t.is(retrain.result.startEpoch, runs[1].startEpoch);
  t.is(retrain.result.epochsDone, 4);
  t.true(retrain.request.dataset.trainOnValidation === true);

  t.deepEqual(readdirSync(out).sort(), ['README.md', 'architecture.json', 'model.json', 'weights.bin']);
  const readme = readFileSync(join(out, 'README.md'), 'utf8');
  t.regex(readme, /\*\*Retrained before export\.\*\*/);
  t.regex(readme, /\| retrained \| yes: 4 epochs from fresh weights on 3328 samples \(training \+ validation\) \|/);
  t.regex(readme, new RegExp(`resumed from its epoch-${runs[1].startEpoch} checkpoint \\(attempt 2\\)`));
  t.regex(readme, new RegExp(`Produced by: \`nas export ${searchId} --out ${out} --retrain\``));
  const trial = result.trials.find((x) => x.trialId === best)!;
  t.regex(readme, new RegExp(`\\| validation accuracy in the search \\| ${(trial.metrics!.valAccuracy * 100).toFixed(2)}% \\|`));
  const architecture = JSON.parse(readFileSync(join(out, 'architecture.json'), 'utf8')) as { trialId: string };
  t.is(architecture.trialId, best);

  // Stock tfjs in a fresh process scores the retrained weights (not the search's) as the
  // retraining measured them on the validation samples.
  const split = loadDataset({ ...result.config.dataset, splitSeed: result.config.seed });
  const data = join(nas.home, 'validation');
  mkdirSync(data, { recursive: true });
  const v = split.validation;
  writeFileSync(join(data, 'images.f32'), Buffer.from(v.images.buffer, v.images.byteOffset, v.images.byteLength));
  writeFileSync(join(data, 'labels.u8'), v.labels);
  writeFileSync(join(data, 'meta.json'), JSON.stringify({ count: v.count, shape: split.shape }));
  const scored = await promisify(execFile)(process.execPath, [join(__dirname, 'fixtures', 'score-exported.js'), out, data]);
  const score = JSON.parse(scored.stdout) as { correct: number; count: number };
  t.is(score.count, 256);
  const expected = retrain.result.final.valAccuracy * score.count;
  t.true(Math.abs(score.correct - expected) <= 1, `${JSON.stringify(score)} vs retraining's ${retrain.result.final.valAccuracy}`);

  // A second export finds the finished retraining's checkpoint and trains nothing more.
  const again = join(nas.home, 'again');
  const second = await runNas(['export', searchId, '--retrain', '--trial', best, '--out', again], nas, 200_000);
  t.is(second.code, 0, second.stderr);
  const third = attempts(retrainDir);
  t.is(third.length, 3);
  t.is(third[2].startEpoch, 4);
  t.deepEqual(readFileSync(join(again, 'weights.bin')), readFileSync(join(out, 'weights.bin')));
});

test.serial('a finished search exports at once with no worker running (its result is read from history, not queried)', async (t) => {
  const { nas } = t.context;
  for (const w of t.context.workers) killGroup(w.child);
  const started = Date.now();
  const r = await runNas(['export', 'retrain-me', '--out', join(nas.home, 'no-worker')], nas);
  const seconds = (Date.now() - started) / 1000;
  t.is(r.code, 0, r.stderr);
  t.log(`exported in ${seconds.toFixed(1)} s`);
  // Asking the status query instead would wait about 30 s for a worker that is not there.
  t.true(seconds < 20, `${seconds} s`);
});
