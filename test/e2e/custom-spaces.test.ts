// User-defined spaces end to end through the `nas` command line, with real training on the
// bundled MNIST digits (tiny sizes): `nas validate` prints both examples with their defaults
// filled in; the module family (examples/spaces/tiny-resnet.ts) runs in the worker `nas search`
// starts itself (it bundles the config's space.module) and in a `nas worker --space-module`
// process; the config template (configs/custom-template.json) runs with random search and
// evolution.
import anyTest, { type TestFn } from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTestEnv } from '../helpers/temporal-test-env';
import { killGroup, nasEnv, runNas, startWorkerProcess, waitFor, type NasEnv } from './processes';
import type { SearchResult } from '../../domain/search/types';

const test = anyTest as TestFn<{ env: TestWorkflowEnvironment; nas: NasEnv }>;
/** Started by a test, not a before hook, so it lives here: ava gives after hooks the before hooks' context only. */
let workerProcess: ReturnType<typeof startWorkerProcess> | undefined;

const ROOT = resolve(__dirname, '..', '..', '..');
const MODULE = join(ROOT, 'dist', 'examples', 'spaces', 'tiny-resnet.js');
const TEMPLATE = JSON.parse(readFileSync(join(ROOT, 'configs', 'custom-template.json'), 'utf8')) as { space: Record<string, unknown> };

test.before(async (t) => {
  t.context.env = await createTestEnv();
  t.context.nas = nasEnv(t.context.env.address);
});
test.after.always(async (t) => {
  const worker = workerProcess?.child;
  if (worker && worker.exitCode === null && worker.signalCode === null) {
    // A graceful shutdown first; a worker still draining when the server goes away would never exit.
    const exited = new Promise((r) => worker.once('exit', r));
    killGroup(worker, 'SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    killGroup(worker, 'SIGKILL');
  }
  await t.context.env?.teardown();
});

/** Tiny real searches: 256 MNIST digits, one epoch per trial. */
function searchConfig(space: Record<string, unknown>, strategy: Record<string, unknown>): Record<string, unknown> {
  return {
    dataset: { name: 'mnist', trainSize: 256, validationSize: 128 },
    space,
    strategy,
    // One candidate per bracket: evolution is told the first results before it is asked for the
    // last candidates (asks and tells interleave ask 0, ask 1, tell 0, ask 2, tell 1, ask 3).
    fidelity: { type: 'none', maxEpochs: 1, bracketSize: 1 },
    training: { batchSize: 32, learningRate: 0.003 },
    budget: { trials: 4 },
    concurrency: 2,
    seed: 2,
  };
}

function writeConfig(nas: NasEnv, name: string, config: object): string {
  const path = join(nas.home, name);
  writeFileSync(path, JSON.stringify(config));
  return path;
}

/** The module family at its smallest; its module path is relative to the config file's folder, as users write it. */
const moduleSpace = (configDir: string) => ({ type: 'tiny-resnet', module: relative(configDir, MODULE), stages: 2, widths: [4, 8], maxBlocks: 1 });

async function searchAndResult(nas: NasEnv, config: string, id: string): Promise<{ stderr: string; result: SearchResult }> {
  const run = await runNas(['search', config, '--id', id], nas, 600_000);
  if (run.code !== 0) throw new Error(`nas search ${id} exited ${run.code}: ${run.stderr}`);
  const result = await runNas(['result', id, '--json'], nas);
  return { stderr: run.stderr, result: JSON.parse(result.stdout) as SearchResult };
}

test.serial('nas validate prints both examples with their defaults filled in, and refuses a bad space.module', async (t) => {
  const { nas } = t.context;
  const template = await runNas(['validate', join(ROOT, 'configs', 'custom-template.json')], nas);
  t.is(template.code, 0, template.stderr);
  const space = (JSON.parse(template.stdout) as { space: { type: string; nodes: { id: string; inputs: unknown; params: Record<string, unknown> }[] } }).space;
  t.is(space.type, 'template');
  t.deepEqual(space.nodes.map((n) => n.id), ['stem', 'down', 'b1', 'b2', 'add', 'wide', 'head']);
  t.deepEqual(space.nodes[1].inputs, ['stem']);
  t.deepEqual(space.nodes[0].params, { filters: { choice: [8, 16] }, kernelSize: 3, strides: 1, activation: 'relu', order: 'conv-bn-act' });

  const module = await runNas(['validate', join(ROOT, 'configs', 'custom-module.json')], nas);
  t.is(module.code, 0, module.stderr);
  t.deepEqual((JSON.parse(module.stdout) as { space: unknown }).space, { type: 'tiny-resnet', stages: 2, maxBlocks: 2, widths: [8, 16], kernelSizes: [3, 5], module: MODULE });

  const missing = await runNas(['validate', writeConfig(nas, 'missing.json', { space: { type: 'tiny-resnet', module: 'nope.js' } })], nas);
  t.is(missing.code, 2);
  t.regex(missing.stderr, /space\.module: nope\.js does not exist \(looked for .*nope\.js\)/);
  const source = await runNas(['validate', writeConfig(nas, 'ts.json', { space: { type: 'tiny-resnet', module: join(ROOT, 'examples', 'spaces', 'tiny-resnet.ts') } })], nas);
  t.is(source.code, 2);
  t.regex(source.stderr, /space\.module: .*tiny-resnet\.ts is TypeScript source; compile it with tsc and name the \.js file/);
});

test.serial("tiny-resnet module, random search: nas search's own worker bundles the config's space.module", async (t) => {
  const { nas } = t.context;
  const space = moduleSpace(nas.home);
  const { stderr, result } = await searchAndResult(nas, writeConfig(nas, 'module-random.json', searchConfig(space, { type: 'random' })), 'module-random');
  t.regex(stderr, /space module .*tiny-resnet\.js: space\.type "tiny-resnet"/);
  t.regex(stderr, /search module-random completed after \d+s: 4 trials trained/);
  t.is(result.status, 'completed');
  t.is(result.trials.filter((x) => x.status === 'completed').length, 4);
  t.true(result.trials.every((x) => /^4ch|^8ch/.test(x.description)), result.trials.map((x) => x.description).join('\n'));
  t.true(result.best!.metrics.valAccuracy > 0);
});

test.serial('a nas worker --space-module process runs the module with evolution and the config template with random search and evolution', async (t) => {
  const { nas } = t.context;
  const worker = startWorkerProcess(nas, ['--concurrency', '2', '--space-module', relative(process.cwd(), MODULE)]);
  workerProcess = worker;
  await waitFor('the worker to poll', () => (worker.output().includes('worker polling') ? true : undefined), 180_000);
  t.regex(worker.output(), /space module .*tiny-resnet\.js: space\.type "tiny-resnet"/);

  const evolution = { type: 'evolution', populationSize: 2, sampleSize: 2 };
  const space = moduleSpace(nas.home);
  const module = await searchAndResult(nas, writeConfig(nas, 'module-evolution.json', searchConfig(space, evolution)), 'module-evolution');
  t.regex(module.stderr, /using the workers already polling this server/);
  t.is(module.result.trials.filter((x) => x.status === 'completed').length, 4);
  // After the population of 2 is filled, evolution proposes mutants of earlier trials.
  t.true(module.result.trials.some((x) => x.parentId !== undefined));

  for (const strategy of [{ type: 'random' }, evolution]) {
    const id = `template-${strategy.type}`;
    const { stderr, result } = await searchAndResult(nas, writeConfig(nas, `${id}.json`, searchConfig(TEMPLATE.space, strategy)), id);
    t.regex(stderr, new RegExp(`search ${id} completed after \\d+s: 4 trials trained`));
    t.is(result.trials.filter((x) => x.status === 'completed').length, 4, JSON.stringify(result.trials.map((x) => [x.status, x.error])));
    t.true(result.trials.every((x) => x.description.startsWith('stem:conv3x3-')), result.trials.map((x) => x.description).join('\n'));
    t.true(result.best!.graph!.nodes.some((n) => n.id === 'stem'));
    if (strategy.type === 'evolution') t.true(result.trials.some((x) => x.parentId !== undefined));
  }
});
