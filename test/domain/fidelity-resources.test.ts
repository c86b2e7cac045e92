// fidelity.resource: "subset" and "scale" under every scheduler with rungs, through the engine
// with results made up from the jobs (the real trainings run in test/e2e/fidelity-resources-cli).
import test from 'ava';
import { parseSearchConfig } from '../../domain/config/validate';
import { ConfigError } from '../../domain/config/errors';
import { fidelityRungs } from '../../domain/fidelity';
import { scaleRungs } from '../../domain/fidelity/scale';
import { scaleGraph } from '../../domain/graph/scale';
import { validateGraph } from '../../domain/graph';
import { createSpace } from '../../domain/spaces';
import { Rng } from '../../domain/rng';
import { SearchEngine, type EngineOptions, type LaunchableJob } from '../../domain/search/engine';

function problems(raw: unknown): string[] {
  try {
    parseSearchConfig(raw);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

test('subset: rungs of training samples up to dataset.trainSize by default; fractions and counts', (t) => {
  const c = parseSearchConfig({ dataset: { trainSize: 512, validationSize: 128 }, fidelity: { type: 'asha', resource: 'subset' } });
  t.like(c.fidelity, { resource: 'subset', minSubset: 56, maxSubset: 512, minEpochs: 1, maxEpochs: 1 });
  t.deepEqual(fidelityRungs(c.fidelity), [57, 171, 512]);
  const half = parseSearchConfig({ dataset: { trainSize: 400 }, fidelity: { type: 'hyperband', resource: 'subset', minSubset: 0.25, eta: 2, epochs: 2 } });
  t.deepEqual(fidelityRungs(half.fidelity), [100, 200, 400]);
  t.is(half.fidelity.maxEpochs, 2);
  // The workflow parses the parsed config again: it must read as itself.
  t.deepEqual(parseSearchConfig(JSON.parse(JSON.stringify(half))), half);
});

test('scale: width factors from minScale to 1', (t) => {
  const c = parseSearchConfig({ fidelity: { type: 'successive-halving', resource: 'scale' } });
  t.deepEqual(fidelityRungs(c.fidelity), [0.111111, 0.333333, 1]);
  t.deepEqual(scaleRungs(0.25, 2), [0.25, 0.5, 1]);
  t.deepEqual(parseSearchConfig(JSON.parse(JSON.stringify(c))), c);
  // Configs without a resource stay as they were (epochs): no new key appears.
  t.false('resource' in parseSearchConfig({}).fidelity);
});

test('bad resource options are refused naming the field and the fix', (t) => {
  t.regex(problems({ dataset: { trainSize: 512 }, fidelity: { type: 'asha', resource: 'subset', maxSubset: 600 } })[0], /^fidelity\.maxSubset: 600 training samples, but dataset\.trainSize is 512/);
  t.regex(problems({ dataset: { trainSize: 512 }, fidelity: { type: 'asha', resource: 'subset', minSubset: 513, maxSubset: 512 } })[0], /^fidelity\.minSubset: must not exceed fidelity\.maxSubset/);
  t.regex(problems({ fidelity: { type: 'asha', resource: 'subset', minSubset: 1.5 } })[0], /^fidelity\.minSubset: must be a number of training samples/);
  t.regex(problems({ fidelity: { type: 'asha', resource: 'subset', minEpochs: 1, maxEpochs: 9 } }).join('\n'), /fidelity\.minEpochs: with fidelity\.resource "subset" every rung trains fidelity\.epochs \(9\) epochs/);
  t.regex(problems({ fidelity: { type: 'hyperband', resource: 'scale', minSubset: 10 } })[0], /^fidelity\.minSubset: means nothing with fidelity\.resource "scale" \(it belongs to "subset"\); remove it/);
  t.regex(problems({ fidelity: { type: 'asha', minScale: 0.5 } })[0], /^fidelity\.minScale: means nothing with fidelity\.resource "epochs"/);
  t.regex(problems({ fidelity: { type: 'asha', resource: 'scale', minScale: 1.5 } })[0], /^fidelity\.minScale: must be a number above 0 and at most 1/);
  t.regex(problems({ fidelity: { type: 'none', resource: 'subset' } })[0], /^fidelity\.resource: fidelity\.type "none" has a single rung/);
  t.regex(problems({ fidelity: { type: 'asha', resource: 'scale', earlyStop: true } })[0], /^fidelity\.earlyStop: extrapolates learning curves over epochs/);
  t.regex(problems({ fidelity: { type: 'asha', resource: 'pixels' } })[0], /^fidelity\.resource: must be one of "epochs", "subset", "scale", got "pixels"/);
  t.regex(
    problems({ space: { type: 'chain', operations: ['maxpool', 'dense'] }, fidelity: { type: 'asha', resource: 'scale' } })[0],
    /^fidelity\.resource: "scale" multiplies the filters of convolutions, and the networks of space\.type "chain" have none/,
  );
});

test('scaleGraph multiplies every convolution\'s filters and keeps chain and cell networks valid', (t) => {
  const shapes = { inputShape: [28, 28, 1] as [number, number, number], numClasses: 10 };
  for (const options of [{ type: 'chain' }, { type: 'multibranch' }, { type: 'cell', initialFilters: 9 }]) {
    const space = createSpace(parseSearchConfig({ space: options }).space);
    const rng = new Rng(4);
    for (let i = 0; i < 20; i++) {
      const graph = space.compile(space.sample(rng));
      for (const factor of [0.111111, 0.333333, 0.5]) {
        const scaled = scaleGraph(graph, factor);
        t.deepEqual(validateGraph(scaled, shapes), [], `${options.type} x${factor}`);
        graph.nodes.forEach((n, k) => {
          if (typeof n.params.filters === 'number') t.is(scaled.nodes[k].params.filters, Math.max(1, Math.round(n.params.filters * factor)));
          else t.deepEqual(scaled.nodes[k].params, n.params);
        });
      }
      t.deepEqual(scaleGraph(graph, 1), graph);
    }
  }
});

function fakeResult(job: LaunchableJob) {
  const acc = 0.4 + (job.seed % 89) / 300 + (job.subset ?? 0) / 5000 + (job.scale ?? 0) / 10;
  const from = job.resumeFrom?.epoch ?? 0;
  const history = Array.from({ length: job.targetEpochs - from }, (_, i) => ({ epoch: from + i + 1, loss: 1 - acc, accuracy: acc, valLoss: 1 - acc, valAccuracy: acc, seconds: 1 }));
  return {
    epochsDone: job.targetEpochs,
    checkpoint: { uri: `s/${job.checkpointId ?? job.trialId}/epoch-${job.targetEpochs}`, epoch: job.targetEpochs },
    history,
    final: history[history.length - 1],
    params: 1,
    flops: 1,
    wallTimeMs: 1,
    backend: { name: 'fake', package: 'none', version: '0', gpu: false },
  };
}

function runSearch(type: string, fidelity: Record<string, unknown>, check: (job: LaunchableJob, before: SearchEngine) => void, options: EngineOptions = { deduplicate: true }, strategy?: Record<string, unknown>): SearchEngine {
  const config = parseSearchConfig({
    dataset: { name: 'synthetic', trainSize: 400, validationSize: 100 },
    fidelity: { type, eta: 2, ...fidelity },
    ...(strategy ? { strategy } : {}),
    budget: { trials: 10 },
    concurrency: 2,
    seed: 1,
  });
  let engine = SearchEngine.create(config, 0, options);
  const inFlight: LaunchableJob[] = [];
  for (let step = 0; ; step++) {
    inFlight.push(...engine.takeJobs());
    const job = inFlight.shift();
    if (job === undefined) break;
    check(job, engine);
    engine.completeJob(job.trialId, fakeResult(job));
    // Now and then through a snapshot, as continueAsNew does.
    if (step % 5 === 4 && inFlight.length === 0) engine = SearchEngine.restore(JSON.parse(JSON.stringify(engine.snapshot(true))), options);
  }
  return engine;
}

for (const type of ['successive-halving', 'hyperband', 'asha', 'bohb']) {
  test(`${type} with resource subset: each rung trains fidelity.epochs more epochs on its subset, promotions continue from the checkpoint`, (t) => {
    const rungs = [100, 200, 400];
    const engine = runSearch(type, { resource: 'subset', minSubset: 100, epochs: 2 }, (job, e) => {
      const trial = e.trialRecords().find((r) => r.trialId === job.trialId)!;
      t.is(job.subset, rungs[job.rung]);
      t.deepEqual(job.resumeFrom, trial.checkpoint);
      t.is(job.targetEpochs, (trial.checkpoint?.epoch ?? 0) + 2);
      t.is(job.checkpointId, undefined);
    });
    t.is(engine.status(), 'completed');
    const top = engine.trialRecords().filter((r) => r.status === 'completed');
    t.true(top.length > 0);
    for (const r of engine.trialRecords().filter((x) => x.segments.length > 0)) {
      t.deepEqual(r.segments.map((s) => s.subset), r.segments.map((s) => rungs[s.rung]), r.trialId);
      t.is(r.epochs, 2 * r.segments.length);
    }
    t.true(top.every((r) => r.segments[r.segments.length - 1].subset === 400));
    t.is(engine.progress(0).resource, 'subset');
  });

  test(`${type} with resource scale: each rung retrains a wider model in its own checkpoint folder`, (t) => {
    const rungs = [0.25, 0.5, 1];
    const engine = runSearch(type, { resource: 'scale', minScale: 0.25 }, (job, e) => {
      const trial = e.trialRecords().find((r) => r.trialId === job.trialId)!;
      t.is(job.scale, rungs[job.rung]);
      t.is(job.resumeFrom, undefined, 'never continues another width');
      t.is(job.targetEpochs, 1);
      t.is(job.checkpointId, `${job.trialId}-scale${job.rung}`);
      const full = createSpace(e.config.space).compile(trial.architecture);
      t.deepEqual(job.architecture, scaleGraph(full, rungs[job.rung]));
    });
    t.is(engine.status(), 'completed');
    const done = engine.trialRecords().filter((r) => r.status === 'completed');
    t.true(done.length > 0);
    for (const r of done) {
      t.is(r.segments[r.segments.length - 1].scale, 1);
      t.regex(r.checkpoint!.uri, new RegExp(`^s/${r.trialId}-scale2/`));
      t.is(r.history.length, 1, 'the curve is the current model\'s');
      t.true(r.segments.every((x) => x.fromEpoch === 0 && x.toEpoch === 1), 'every rung trained a fresh model');
    }
    t.is(engine.progress(0).resource, 'scale');
  });
}

/** BOHB's observations per budget, from its snapshot: budget -> how many trials were seen there. */
function bohbPoints(engine: SearchEngine): [number, number][][] {
  return Object.values((engine.snapshot().strategy as { points: Record<string, [number, number][]> }).points);
}

function budgetsOf(points: [number, number][][]): number[] {
  return [...new Set(points.flat().map(([budget]) => budget))].sort((a, b) => a - b);
}

for (const [resource, fidelity, rungs] of [
  ['subset', { resource: 'subset', minSubset: 100, epochs: 2 }, [100, 200, 400]],
  ['scale', { resource: 'scale', minScale: 0.25 }, [0.25, 0.5, 1]],
] as const) {
  test(`bohb with resource ${resource}: a model per rung's ${resource} (patch resource-budgets), per epoch count before it`, (t) => {
    const points = bohbPoints(runSearch('bohb', fidelity, () => {}, { deduplicate: true, resourceBudgets: true }));
    t.deepEqual(budgetsOf(points), [...rungs], 'every rung is a budget of its own');
    // A promoted trial counts at each rung it trained, in order.
    const promoted = points.filter((p) => p.length > 1);
    t.true(promoted.length > 0);
    for (const p of promoted) t.deepEqual(p.map(([budget]) => budget), rungs.slice(rungs.indexOf(p[0][0] as never), rungs.indexOf(p[0][0] as never) + p.length));
    // Searches started before the patch replay what BOHB did then: the rungs' epochs were its budgets.
    const before = budgetsOf(bohbPoints(runSearch('bohb', fidelity, () => {})));
    t.false(before.some((b) => b === rungs[0] || b === rungs[1]), JSON.stringify(before));
  });
}
