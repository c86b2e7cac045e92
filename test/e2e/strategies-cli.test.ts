// Every strategy beyond random and evolution searched end to end through the `nas` command
// line: a real worker process, a real Temporal dev server, real training on a few hundred MNIST
// digits. Options are shrunk so each strategy's own mechanism (TPE past its startup trials,
// pareto past its random start) is reached within four trials of a tiny chain space.
import anyTest, { type TestFn } from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runNas, waitFor, type NasEnv, useSharedWorker, type SharedWorkerContext } from './processes';
import type { SearchResult } from '../../domain/search/types';
import { createSpace } from '../../domain/spaces';
import { dominates } from '../../domain/strategies/objectives';

const test = anyTest as TestFn<SharedWorkerContext>;
useSharedWorker(test);

const SPACE = { type: 'chain', maxLayers: 3, filters: [4, 8], units: [16] };

const STRATEGIES: Record<string, Record<string, unknown>> = {
  hillclimb: {},
  tpe: { startupTrials: 2 },
  reinforce: {},
  mcts: {},
  pareto: { initialTrials: 2, objectives: [{ metric: 'valAccuracy', direction: 'maximize' }, { metric: 'params', direction: 'minimize' }] },
};
const TRIALS = 4;

async function searchTo(nas: NasEnv, type: string): Promise<{ result: SearchResult; status: string }> {
  const config = {
    dataset: { name: 'mnist', trainSize: 256, validationSize: 128 },
    space: SPACE,
    strategy: { type, ...STRATEGIES[type] },
    // Brackets of one: each trial is proposed after the ones before it were told.
    fidelity: { type: 'none', maxEpochs: 1, bracketSize: 1 },
    training: { batchSize: 32 },
    budget: { trials: TRIALS },
    concurrency: 1,
    seed: 7,
  };
  const path = join(nas.home, `strategy-${type}.json`);
  writeFileSync(path, JSON.stringify(config));
  const id = `strategy-${type}`;
  const started = await runNas(['search', path, '--detach', '--id', id], nas);
  if (started.code !== 0) throw new Error(`nas search ${id}: exit code ${started.code}: ${started.stderr}`);
  await waitFor(`the ${id} search to end`, async () => {
    const r = JSON.parse((await runNas(['status', id, '--json'], nas)).stdout) as { status: string };
    return r.status === 'running' ? undefined : r;
  }, 300_000, 1000);
  const status = (await runNas(['status', id], nas)).stdout;
  return { result: JSON.parse((await runNas(['result', id, '--json'], nas)).stdout) as SearchResult, status };
}

test.serial('hillclimb, tpe, reinforce, mcts and pareto each run a real MNIST search to completion; pareto reports its front', async (t) => {
  const types = Object.keys(STRATEGIES);
  const outcomes: { result: SearchResult; status: string }[] = [];
  // Two searches at a time: the worker trains two networks at once.
  for (let i = 0; i < types.length; i += 2) outcomes.push(...(await Promise.all(types.slice(i, i + 2).map((type) => searchTo(t.context.nas, type)))));
  outcomes.forEach(({ result }, i) => {
    const type = types[i];
    const seen = JSON.stringify(result.trials.map((x) => [x.trialId, x.status, x.parentId, x.error]));
    t.is(result.status, 'completed', type);
    t.is(result.config.strategy.type, type);
    t.is(result.trials.filter((x) => x.status === 'completed').length, TRIALS, `${type}: ${seen}`);
    t.true(result.trials.every((x) => x.status === 'completed' || x.status === 'duplicate'), `${type}: ${seen}`);
    const best = result.best!;
    t.true(best.metrics.valAccuracy > 0.1, `${type}: best ${best.metrics.valAccuracy}`);
    const s = createSpace(result.config.space);
    for (const trial of result.trials) t.deepEqual(s.validate(trial.architecture), [], `${type} ${trial.trialId}`);
  });
  t.true(outcomes[types.indexOf('hillclimb')].result.trials.some((x) => x.parentId !== undefined), 'hillclimb proposed a neighbour of its start');

  const { result: pareto, status } = outcomes[types.indexOf('pareto')];
  const front = pareto.front!;
  t.truthy(front, 'nas result --json has the front');
  t.deepEqual(front.objectives, STRATEGIES.pareto.objectives);
  t.true(front.members.length >= 1);
  const vectors = front.members.map((m) => front.objectives.map((o) => m.values[o.metric]));
  for (const a of vectors) for (const b of vectors) t.false(dominates(a, b, front.objectives), `${a} dominates ${b}`);
  // Every completed trial off the front is dominated by (or equal to) a member.
  for (const trial of pareto.trials.filter((x) => x.status === 'completed')) {
    const v = [trial.metrics!.valAccuracy, trial.params!];
    const onFront = front.members.some((m) => m.trialId === trial.trialId);
    t.true(onFront || vectors.some((f) => dominates(f, v, front.objectives) || f.every((x, k) => x === v[k])), `${trial.trialId} ${v}`);
  }
  for (const m of front.members) t.is(m.values.params, pareto.trials.find((x) => x.trialId === m.trialId)!.params!);
  t.regex(status, /pareto front \(valAccuracy ↑, params ↓\): \d+ trials?/);
  t.true(pareto.trials.some((x) => x.parentId !== undefined), 'pareto mutated a front member');
});
