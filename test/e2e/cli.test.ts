// The `nas` command line end to end: a real worker process, real training on synthetic data,
// a real Temporal dev server, and the Temporal CLI's own view of the search.
import anyTest, { type TestFn } from 'ava';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureTemporalCli } from '../../infra/temporal/cli-install';
import { NAS_BIN, killGroup, runNas, startNas, startWorkerProcess, waitFor, type NasEnv, type RunResult, useSharedWorker, type SharedWorkerContext } from './processes';
import { SEARCH_TASK_QUEUE, SEARCH_WORKFLOW_TYPE } from '../../workflows/definitions';
import type { SearchResult } from '../../domain/search/types';
import { loadDataset } from '../../trainer/datasets';
import { launchChromium } from '../helpers/browser';
import { reportHtml } from '../../client/report/html';

const test = anyTest as TestFn<SharedWorkerContext>;
useSharedWorker(test);

function writeConfig(nas: NasEnv, name: string, config: object): string {
  const path = join(nas.home, name);
  writeFileSync(path, JSON.stringify(config));
  return path;
}

const synthetic = {
  dataset: { name: 'synthetic', trainSize: 512, validationSize: 128 },
  space: { type: 'chain', maxLayers: 3, filters: [4, 8], units: [16, 32] },
  strategy: { type: 'random' },
  fidelity: { type: 'successive-halving', minEpochs: 1, maxEpochs: 3, eta: 3 },
  budget: { trials: 6 },
  concurrency: 2,
  seed: 3,
};

test.serial('search --detach, status --json, result --json, and the Temporal CLI sees it', async (t) => {
  const { nas, env } = t.context;
  const started = await runNas(['search', writeConfig(nas, 'a.json', synthetic), '--detach', '--id', 'cli-search-1'], nas);
  t.is(started.code, 0, started.stderr);
  t.is(started.stdout.trim(), 'cli-search-1');

  const status = await waitFor('the search to complete', async () => {
    const r = await runNas(['status', 'cli-search-1', '--json'], nas);
    const parsed = JSON.parse(r.stdout) as { status: string; progress?: { trialsDone: number } };
    return parsed.status === 'running' ? undefined : parsed;
  }, 300_000, 1000);
  t.is(status.status, 'completed');
  t.is(status.progress?.trialsDone, 6);

  const result = await runNas(['result', 'cli-search-1', '--json'], nas);
  t.is(result.code, 0, result.stderr);
  const parsed = JSON.parse(result.stdout) as SearchResult;
  t.is(parsed.searchId, 'cli-search-1');
  t.is(parsed.status, 'completed');
  t.true(parsed.best!.metrics.valAccuracy > 0.6, `best ${parsed.best!.metrics.valAccuracy}`);
  t.is(typeof parsed.best!.params, 'number');
  t.true(parsed.trials.every((x) => typeof x.trialId === 'string' && typeof x.rung === 'number' && typeof x.epochs === 'number'));
  t.true(parsed.trials.every((x) => x.metrics === undefined || typeof x.metrics.valAccuracy === 'number'));
  // Each trained trial names the training step that trained it (graph or eager).
  const trained = parsed.trials.filter((x) => x.epochs > 0 && x.status !== 'duplicate');
  t.true(trained.length > 0 && trained.every((x) => x.trainingPath?.step === 'graph' || x.trainingPath?.step === 'eager'), JSON.stringify(trained.map((x) => x.trainingPath)));

  const cli = await ensureTemporalCli();
  const run = promisify(execFile);
  const list = await run(cli, ['workflow', 'list', '--address', env.address, '--query', "WorkflowType='nasSearch'"]);
  t.regex(list.stdout, /cli-search-1/);
  const query = await run(cli, ['workflow', 'query', '--address', env.address, '--workflow-id', 'cli-search-1', '--type', 'status']);
  t.regex(query.stdout, /"status":\s*"completed"/);
});

test.serial('stop ends a running search as "stopped" with the best so far', async (t) => {
  const { nas } = t.context;
  const long = { ...synthetic, budget: { trials: 40 }, fidelity: { type: 'none', maxEpochs: 2 } };
  const started = await runNas(['search', writeConfig(nas, 'b.json', long), '--detach', '--id', 'cli-search-2'], nas);
  t.is(started.code, 0, started.stderr);
  await waitFor('a first finished trial', async () => {
    const r = JSON.parse((await runNas(['status', 'cli-search-2', '--json'], nas)).stdout) as { progress?: { trialsDone: number } };
    return (r.progress?.trialsDone ?? 0) > 0 ? true : undefined;
  }, 300_000, 1000);
  const stop = await runNas(['stop', 'cli-search-2'], nas);
  t.is(stop.code, 0, stop.stderr);
  const final = await waitFor('the search to stop', async () => {
    const r = JSON.parse((await runNas(['status', 'cli-search-2', '--json'], nas)).stdout) as { status: string };
    return r.status === 'running' ? undefined : r;
  }, 120_000, 1000);
  t.is(final.status, 'stopped');
  const result = JSON.parse((await runNas(['result', 'cli-search-2', '--json'], nas)).stdout) as SearchResult;
  t.truthy(result.best);
  // Nothing is left running or pending, and the budget was not spent (which trials were
  // waiting at the moment of the stop depends on timing).
  t.true(result.trials.every((x) => ['completed', 'pruned', 'failed', 'stopped'].includes(x.status)));
  t.true(result.trials.filter((x) => x.epochs > 0).length < 40);
});

test.serial("list shows each search's own status (stopped, not COMPLETED) in aligned columns", async (t) => {
  const { nas } = t.context;
  const json = await runNas(['list', '--json'], nas);
  t.is(json.code, 0, json.stderr);
  const rows = JSON.parse(json.stdout) as { searchId: string; status: string; workflowStatus: string; trialsDone?: number; bestAccuracy?: number }[];
  const byId = new Map(rows.map((r) => [r.searchId, r]));
  t.is(byId.get('cli-search-1')?.status, 'completed');
  t.is(byId.get('cli-search-1')?.trialsDone, 6);
  t.is(typeof byId.get('cli-search-1')?.bestAccuracy, 'number');
  t.is(byId.get('cli-search-2')?.status, 'stopped');
  t.is(byId.get('cli-search-2')?.workflowStatus, 'COMPLETED');
  const text = await runNas(['list'], nas);
  const lines = text.stdout.trimEnd().split('\n');
  t.regex(lines[0], /^SEARCH\s+STATUS\s+TRIALS\s+BEST\s+WHAT\s+STARTED$/);
  const column = lines[0].indexOf('STATUS');
  t.regex(lines.find((l) => l.startsWith('cli-search-2')) ?? '', /^cli-search-2\s+stopped\s/);
  for (const line of lines.slice(1)) t.regex(line.slice(column), /^(running|completed|stopped|failed) /, line);
});

test.serial('bad input: a clear message naming the key, exit code 2 (4 for an unknown search), nothing started', async (t) => {
  const { nas } = t.context;
  const bad = await runNas(['search', writeConfig(nas, 'bad.json', { ...synthetic, strategy: { type: 'annealing' } }), '--detach'], nas);
  t.is(bad.code, 2);
  t.regex(bad.stderr, /strategy\.type: must be one of "random", "evolution", ("[a-z]+", )*"[a-z]+", got "annealing"/);
  const unknown = await runNas(['status', 'no-such-search'], nas);
  t.is(unknown.code, 4);
  t.regex(unknown.stderr, /no search with id "no-such-search"/);
});

test.serial('list --query filters by search attributes on the real server; the Web UI gets a summary and details', async (t) => {
  const { nas, env } = t.context;
  const ids = async (query: string): Promise<string[]> => {
    const r = await runNas(['list', '--json', '--query', query], nas);
    t.is(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as { searchId: string }[]).map((row) => row.searchId).sort();
  };
  // Visibility is eventually consistent: wait until the last upserts are indexed.
  await waitFor('the final search attributes', async () => ((await ids("NasStatus = 'stopped'")).includes('cli-search-2') ? true : undefined), 30_000, 500);
  t.deepEqual(await ids("NasStrategy = 'random' AND NasSpace = 'chain' AND NasDataset = 'synthetic' AND NasBestAccuracy > 0.5"), ['cli-search-1', 'cli-search-2']);
  t.deepEqual(await ids('NasTrialsDone = 6 AND NasTrialsTotal = 6'), ['cli-search-1']);
  t.deepEqual(await ids("NasStatus = 'completed'"), ['cli-search-1']);
  t.deepEqual(await ids('NasBestAccuracy > 1.5'), []);
  const rows = JSON.parse((await runNas(['list', '--json', '--query', "NasStatus = 'completed'"], nas)).stdout) as { bestAccuracy: number; trialsDone: number; strategy: string }[];
  t.is(rows[0].trialsDone, 6);
  t.is(rows[0].strategy, 'random');
  t.true(rows[0].bestAccuracy > 0.5);

  const bad = await runNas(['list', '--query', 'NoSuchAttribute > 3'], nas);
  t.is(bad.code, 2, bad.stderr);
  t.regex(bad.stderr, /--query "NoSuchAttribute > 3" is not a valid visibility query/);

  const description = await env.client.workflow.getHandle('cli-search-1').describe();
  t.regex((await description.staticSummary()) ?? '', /^NAS random · chain space · synthetic · 6 trials$/);
  t.regex((await description.staticDetails()) ?? '', /\| fidelity \| successive-halving over 1→3 epochs, eta 3 \|/);
  t.is(description.memo?.space, 'chain');
});

test.serial('watch follows a search live: JSON lines with per-epoch training progress, in place on a terminal, plain lines in a pipe', async (t) => {
  const { nas, env } = t.context;
  // Trainings of a few epochs that take a second or more each, so progress shows mid-training
  // (heartbeats go out at most once a second, the watchers look once a second). Sized for the
  // graph path: 1,536 samples took 1.3-2.1 s per epoch at load 7 on 2 cores, too close to a
  // second on a quiet machine.
  // Dilated convolutions only: the export test below needs a model with them.
  const config = {
    ...synthetic,
    dataset: { name: 'synthetic', trainSize: 3072, validationSize: 256 },
    space: { ...synthetic.space, operations: ['dilconv'] },
    fidelity: { type: 'none', maxEpochs: 4 },
    budget: { trials: 2 },
  };
  // The watchers must be looking before the first epoch ends, however long they take to start
  // on a loaded machine (once, the search was done before they looked): its trainings go to a
  // queue of their own, served only once every watcher has drawn the running search.
  const trainingTaskQueue = 'cli-watch-training';
  await env.client.workflow.start(SEARCH_WORKFLOW_TYPE, { taskQueue: SEARCH_TASK_QUEUE, workflowId: 'cli-watch', args: [{ config: { ...config, trainingTaskQueue } }] });
  // A real terminal for one watcher (script gives it a pseudo-TTY), a pipe for the others.
  const tty = runInTerminal(`${process.execPath} ${NAS_BIN} watch cli-watch --interval 1`, nas);
  const jsonWatch = startNas(['watch', 'cli-watch', '--json', '--interval', '1'], nas, 300_000);
  const plainWatch = startNas(['watch', 'cli-watch', '--interval', '1'], nas, 300_000);
  await waitFor('every watcher to show the running search', () =>
    (jsonWatch.stdout().includes('"running"') && /running/.test(plainWatch.stdout()) && tty.output().includes('search cli-watch: running') ? true : undefined), 120_000, 100);
  const trainer = startWorkerProcess(nas, ['--role', 'training', '--training-task-queue', trainingTaskQueue, '--concurrency', '2']);
  let results: [RunResult, RunResult, { code: number | null; output: string }];
  try {
    results = await Promise.all([jsonWatch.done, plainWatch.done, tty.done]);
  } finally {
    killGroup(trainer.child);
  }
  const [json, plain, terminal] = results;
  t.is(json.code, 0, json.stderr);
  const lines = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as { status: string; trialsDone?: number; trainings: { trialId: string; epochsDone: number; targetEpochs: number; last?: { valAccuracy: number; seconds: number } }[] });
  t.is(lines[lines.length - 1].status, 'completed');
  t.is(lines[lines.length - 1].trialsDone, 2);
  const midway = lines.flatMap((l) => l.trainings).filter((x) => x.epochsDone >= 1 && x.epochsDone <= x.targetEpochs && x.last !== undefined);
  t.log(`epoch seconds seen: ${midway.map((x) => x.last?.seconds.toFixed(2)).join(' ')}`);
  t.true(midway.length > 0, `per-epoch progress from heartbeats:\n${json.stdout}`);
  t.true(midway.every((x) => x.targetEpochs === 4 && typeof x.last?.valAccuracy === 'number'));

  t.is(plain.code, 0, plain.stderr);
  t.notRegex(plain.stdout, /\x1b/, 'no escape codes in a pipe');
  t.regex(plain.stdout, /^\[\d\d:\d\d\] running \d+\/2 trials done \| .* \| training /m);
  t.regex(plain.stdout, /^search cli-watch completed after \d+s: 2 trials trained/m);

  t.is(terminal.code, 0, terminal.output);
  t.regex(terminal.output, /\x1b\[\?25l/, 'hides the cursor while drawing');
  t.regex(terminal.output, /\x1b\[\d+F\x1b\[J/, 'redraws in place');
  t.regex(terminal.output, /search cli-watch: running/);
  t.regex(terminal.output, /trials {2}[█░]+ \d\/2 done/);
  t.regex(terminal.output, /search cli-watch: completed/);
  t.regex(terminal.output, /\x1b\[\?25h/, 'shows the cursor again');
});

/** Runs a command on a pseudo-terminal (util-linux script): what it drew so far, and all it drew once done. */
function runInTerminal(command: string, env: NasEnv): { output: () => string; done: Promise<{ code: number | null; output: string }> } {
  let output = '';
  const done = new Promise<{ code: number | null; output: string }>((resolvePromise) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...env.vars, TERM: 'xterm' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => resolvePromise({ code, output }));
  });
  return { output: () => output, done };
}

test.serial('export writes a stock tfjs LayersModel that scores its recorded validation accuracy in a fresh process', async (t) => {
  const { nas } = t.context;
  const exports: [string, string[]][] = [
    ['cli-search-1', []],
    // A model of dilated convolutions, which train as a custom layer and export as Conv2D.
    ['cli-watch', ['--trial', 't0001']],
  ];
  for (const [searchId, extra] of exports) {
    const out = join(nas.home, `export-${searchId}`);
    const r = await runNas(['export', searchId, '--out', out, ...extra], nas);
    t.is(r.code, 0, r.stderr);
    const result = JSON.parse((await runNas(['result', searchId, '--json'], nas)).stdout) as SearchResult;
    const trialId = extra[1] ?? result.best!.trialId;
    const trial = result.trials.find((x) => x.trialId === trialId)!;
    t.deepEqual(readdirSync(out).sort(), ['README.md', 'architecture.json', 'model.json', 'weights.bin']);
    const readme = readFileSync(join(out, 'README.md'), 'utf8');
    t.regex(readme, new RegExp(`\\| validation accuracy \\| ${(trial.metrics!.valAccuracy * 100).toFixed(2)}% \\|`));
    t.regex(readme, new RegExp(`Produced by: \`nas export ${searchId} --out ${out}`));
    const architecture = JSON.parse(readFileSync(join(out, 'architecture.json'), 'utf8')) as { trialId: string; graph: { nodes: { id: string }[] } };
    t.is(architecture.trialId, trialId);
    t.true(architecture.graph.nodes.length >= 3);

    // The same validation split the trainer used, scored by stock tfjs in another process.
    const split = loadDataset({ ...result.config.dataset, splitSeed: result.config.seed });
    const data = join(nas.home, `data-${searchId}`);
    mkdirSync(data, { recursive: true });
    const v = split.validation;
    writeFileSync(join(data, 'images.f32'), Buffer.from(v.images.buffer, v.images.byteOffset, v.images.byteLength));
    writeFileSync(join(data, 'labels.u8'), v.labels);
    writeFileSync(join(data, 'meta.json'), JSON.stringify({ count: v.count, shape: split.shape }));
    const scored = await promisify(execFile)(process.execPath, [join(__dirname, 'fixtures', 'score-exported.js'), out, data]);
    const score = JSON.parse(scored.stdout) as { correct: number; count: number; accuracy: number; layers: string[] };
    t.is(score.count, result.config.dataset.validationSize);
    // Same weights, same data: at most one borderline sample may round the other way.
    t.true(Math.abs(score.correct - trial.metrics!.valAccuracy * score.count) <= 1, `${JSON.stringify(score)} vs recorded ${trial.metrics!.valAccuracy}`);
    t.false(score.layers.some((name) => name.startsWith('Nas')), score.layers.join(', '));
    if (searchId === 'cli-watch') t.true(score.layers.includes('Conv2D'), score.layers.join(', '));
  }

  const again = await runNas(['export', 'cli-search-1', '--out', join(nas.home, 'export-cli-search-1')], nas);
  t.is(again.code, 2);
  t.regex(again.stderr, /exists and is not empty/);
  const noTrial = await runNas(['export', 'cli-search-1', '--trial', 't9999', '--out', join(nas.home, 'x')], nas);
  t.is(noTrial.code, 4);
  t.regex(noTrial.stderr, /has no trial "t9999"/);
});

test.serial('report writes a self-contained page that headless Chromium renders without errors, every plot holding its points', async (t) => {
  const { nas } = t.context;
  const out = join(nas.home, 'report');
  const r = await runNas(['report', 'cli-search-1', '--out', out], nas);
  t.is(r.code, 0, r.stderr);
  t.is(r.stdout.trim(), join(out, 'index.html'));
  const html = readFileSync(join(out, 'index.html'), 'utf8');
  // Nothing is fetched at view time.
  t.notRegex(html, /<script|<link(?![^>]*href="data:)|src="http|url\(http/);
  const result = JSON.parse((await runNas(['result', 'cli-search-1', '--json'], nas)).stdout) as SearchResult;
  const trainings = result.trials.reduce((n, x) => n + x.segments.length, 0);
  const expected: Record<string, number> = {
    'anytime-time': trainings,
    'anytime-trials': trainings,
    'learning-curves': result.trials.reduce((n, x) => n + x.history.length, 0),
    rungs: trainings,
    'accuracy-params': result.trials.filter((x) => x.metrics && (x.params ?? 0) > 0).length,
    'accuracy-flops': result.trials.filter((x) => x.metrics && (x.flops ?? 0) > 0).length,
  };

  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (req) => !req.url().startsWith('file:') && !req.url().startsWith('data:') && problems.push(`request: ${req.url()}`));
    await page.goto(`file://${join(out, 'index.html')}`);
    const counts = await page.$$eval('svg.plot', (svgs) => svgs.map((svg) => ({ id: svg.getAttribute('data-plot'), points: svg.querySelectorAll('circle.pt').length, width: svg.getBoundingClientRect().width })));
    t.deepEqual(problems, []);
    t.deepEqual(Object.fromEntries(counts.map((c) => [c.id, c.points])), expected);
    for (const c of counts) {
      t.true(c.points > 0, `plot ${c.id} is empty`);
      t.true(c.width > 200, `plot ${c.id} is drawn`);
    }
    const nodes = await page.$$eval('svg.graph g.node', (gs) => gs.map((g) => g.getAttribute('data-node')));
    t.deepEqual(nodes.sort(), result.best!.graph.nodes.map((n) => n.id).sort());
    t.is(await page.$$eval('table.trials tr', (rows) => rows.length - 1), result.trials.length);
    // Each trial's row says the step that trained it; the summary counts them.
    const stepCells = async (): Promise<Record<string, string>> =>
      Object.fromEntries(await page.$$eval('table.trials tr', (rows) => rows.slice(1).map((r) => [r.cells[0].textContent, r.querySelector('td.step')?.textContent ?? 'no cell'])));
    const summaryRow = (): Promise<string> => page.$eval('table.summary', (table) => [...table.querySelectorAll('tr')].find((r) => r.cells[0].textContent === 'training step')?.cells[1].textContent ?? 'no row');
    const cells = await stepCells();
    const trained = result.trials.filter((x) => x.epochs > 0 && x.status !== 'duplicate');
    for (const x of result.trials) {
      const path = x.trainingPath;
      t.is(cells[x.trialId], path === undefined ? '-' : path.reason === undefined ? path.step : `${path.step} (${path.reason})`, x.trialId);
    }
    const perStep = new Map<string, number>();
    for (const x of trained) perStep.set(x.trainingPath!.step, (perStep.get(x.trainingPath!.step) ?? 0) + 1);
    const summary = await summaryRow();
    if (perStep.size === 1) t.is(summary, `${[...perStep.keys()][0]} step: all ${trained.length} trials trained`);
    else for (const [step, n] of perStep) t.true(summary.includes(`${step} step: ${n} trial`), summary);

    // A search recorded before trials kept their step still renders, saying so.
    const old: SearchResult = { ...result, trials: result.trials.map(({ trainingPath: _dropped, ...x }) => x) };
    await page.setContent(reportHtml({ result: old, finished: [], generatedAt: new Date() }));
    t.true(Object.values(await stepCells()).every((c) => c === '-'));
    t.is(await summaryRow(), 'not recorded (trial records from before the step was kept)');
    t.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
