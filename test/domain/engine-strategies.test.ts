// Every registered strategy driven by the real engine (successive halving, a fake trainer whose
// accuracy is a pure function of the network, one failing network, JSON round trips as
// continueAsNew makes them): the search must not depend on the order results arrive in, and the
// strategy must hear each outcome with what was measured.
import test from 'ava';
import { SearchEngine, type LaunchableJob } from '../../domain/search/engine';
import { parseSearchConfig } from '../../domain/config/validate';
import { Rng } from '../../domain/rng';
import type { JobResult } from '../../domain/search/types';
import type { Observation, Proposal } from '../../domain/types';
import { RandomSearch, registerStrategy, strategyTypes, type Strategy, type StrategyDefinition } from '../../domain/strategies';
import { dominates } from '../../domain/strategies/objectives';
import { graphHash } from '../../domain/graph';

function quality(job: LaunchableJob, salt = ''): number {
  const text = graphHash(job.architecture) + salt;
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) >>> 0;
  return (h % 1000) / 1000;
}

/** Accuracy grows with epochs; params vary by network; one network in ten fails to train. */
function fakeResult(job: LaunchableJob): JobResult | 'fail' {
  if (quality(job, 'fail') < 0.1) return 'fail';
  const valAccuracy = 0.5 + 0.4 * quality(job) + 0.09 * (1 - 1 / job.targetEpochs);
  const final = { epoch: job.targetEpochs, loss: 1 - valAccuracy, accuracy: valAccuracy, valLoss: 1 - valAccuracy, valAccuracy, seconds: 1 };
  const from = job.resumeFrom?.epoch ?? 0;
  return {
    epochsDone: job.targetEpochs,
    checkpoint: { uri: `${job.trialId}/epoch-${job.targetEpochs}`, epoch: job.targetEpochs },
    history: Array.from({ length: job.targetEpochs - from }, (_, i) => ({ ...final, epoch: from + i + 1 })),
    final,
    params: 1000 + Math.round(quality(job, 'params') * 50_000),
    flops: 5000,
    wallTimeMs: 10,
    backend: { name: 'fake', package: 'none', version: '0', gpu: false },
  };
}

function simulate(strategy: Record<string, unknown>, orderSeed: number): SearchEngine {
  const config = parseSearchConfig({
    dataset: { name: 'synthetic' },
    space: { type: 'chain', maxLayers: 3, filters: [4, 8], units: [16, 32] },
    strategy,
    fidelity: { type: 'successive-halving', minEpochs: 1, maxEpochs: 9, eta: 3 },
    budget: { trials: 30 },
    concurrency: 3,
    seed: 5,
  });
  let engine = SearchEngine.create(config, 0);
  const order = new Rng(orderSeed);
  let inFlight: LaunchableJob[] = [];
  let steps = 0;
  while (!engine.isDone()) {
    inFlight.push(...engine.takeJobs());
    if (inFlight.length === 0) break;
    const [job] = inFlight.splice(order.int(inFlight.length), 1);
    const result = fakeResult(job);
    if (result === 'fail') engine.failJob(job.trialId, 'out of memory');
    else engine.completeJob(job.trialId, result);
    if (++steps % 7 === 0 && inFlight.length === 0) engine = SearchEngine.restore(JSON.parse(JSON.stringify(engine.snapshot(true))));
  }
  return engine;
}

/** Options that reach each strategy's own mechanism within 30 trials. */
const OPTIONS: Record<string, Record<string, unknown>> = { tpe: { startupTrials: 5 }, pareto: { initialTrials: 5 }, evolution: { populationSize: 4, sampleSize: 2 } };

for (const type of ['random', 'evolution', 'hillclimb', 'tpe', 'reinforce', 'mcts', 'pareto']) {
  test(`${type}: a whole engine search, with failures and JSON round trips, is the same whatever order results arrive in`, (t) => {
    const [a, b] = [simulate({ type, ...OPTIONS[type] }, 1), simulate({ type, ...OPTIONS[type] }, 2)];
    const shape = (e: SearchEngine) => e.trialRecords().map((r) => [r.trialId, r.hash, r.status, r.epochs, r.parentId]);
    t.deepEqual(shape(a), shape(b));
    t.is(a.status(), 'completed');
    t.true(a.trialRecords().some((r) => r.status === 'failed'), 'a network failed');
    t.true(a.trialRecords().some((r) => r.status === 'pruned'), 'a network was pruned');
  });
}

test('pareto: the result and progress carry the front of the completed trials, mutually non-dominated', (t) => {
  const engine = simulate({ type: 'pareto', ...OPTIONS.pareto }, 3);
  const front = engine.result('s', 1).front!;
  t.deepEqual(engine.progress(1).front, front);
  t.deepEqual(front.objectives, [{ metric: 'valAccuracy', direction: 'maximize' }, { metric: 'params', direction: 'minimize' }]);
  const completed = engine.trialRecords().filter((r) => r.status === 'completed');
  const vec = (r: (typeof completed)[number]) => [r.metrics!.valAccuracy, r.params!];
  const members = front.members.map((m) => completed.find((r) => r.trialId === m.trialId)!);
  t.true(members.length >= 1 && members.every((m) => m !== undefined), 'members are completed trials');
  for (const a of members) for (const b of members) t.false(dominates(vec(a), vec(b), front.objectives));
  for (const r of completed) t.true(members.some((m) => m === r || dominates(vec(m), vec(r), front.objectives) || vec(m).every((x, i) => x === vec(r)[i])), r.trialId);
  t.is(simulate({ type: 'evolution' }, 3).result('s', 1).front, undefined, 'single-objective searches have no front');
});

/** What the recording strategy heard, in order. */
let heard: { id: string; obs: Observation }[] = [];

/** Random search that also remembers what each tell carried: the engine's side of the contract. */
function recordingOf(inner: RandomSearch): Strategy {
  return {
    type: 'recording',
    ask: (id: string): Proposal => inner.ask(id),
    tell: (id: string, obs: Observation) => {
      heard.push({ id, obs });
      inner.tell(id, obs);
    },
    snapshot: () => inner.snapshot(),
  };
}
const recording: StrategyDefinition<{ type: 'recording' }> = {
  type: 'recording',
  doc: 'random search that records its tells (tests)',
  keys: [],
  readOptions: () => ({ type: 'recording' }),
  create: (space, _o, seed) => recordingOf(RandomSearch.create(space, seed)),
  restore: (space, _o, snapshot) => recordingOf(RandomSearch.restore(space, snapshot)),
};

test('the engine tells complete, pruned, failed and duplicate outcomes with metrics, params, FLOPs and the learning curve', (t) => {
  if (!strategyTypes().includes('recording')) registerStrategy(recording);
  heard = [];
  const engine = simulate({ type: 'recording' }, 4);
  const records = new Map(engine.trialRecords().map((r) => [r.trialId, r]));
  const states = new Set(heard.map((h) => h.obs.state));
  for (const s of ['complete', 'pruned', 'failed'] as const) t.true(states.has(s), `heard a ${s} outcome`);
  for (const { id, obs } of heard) {
    const r = records.get(id)!;
    if (obs.state === 'complete' || obs.state === 'pruned') {
      t.deepEqual(obs.metrics, r.metrics, id);
      t.is(obs.params, r.params);
      t.is(obs.flops, r.flops);
      t.deepEqual(obs.curve, r.history);
      t.is(obs.curve!.length, r.epochs);
    }
    if (obs.state === 'duplicate') t.is(obs.duplicateOf, r.duplicateOf);
  }
  t.is(new Set(heard.map((h) => h.id)).size, heard.length, 'each trial is told once');
});
