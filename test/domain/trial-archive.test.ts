// The engine with the trial store: settled trials leave its state for the store, and nothing it
// decides or reports changes; the state, status and result stay small however many trials run.
import test from 'ava';
import { appendFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SearchEngine, type EngineOptions, type LaunchableJob } from '../../domain/search/engine';
import { parseSearchConfig } from '../../domain/config/validate';
import { Rng } from '../../domain/rng';
import type { SearchProgress } from '../../domain/search/types';
import { LocalDirectoryStore } from '../../store';
import { readTrialRecords, writeTrialRecords } from '../../store/trial-records';
import { withStoredTrials } from '../../client/search-client';
import { fakeResult } from './helpers/simulate-search';

const config = (overrides: Record<string, unknown> = {}) =>
  parseSearchConfig({
    dataset: { name: 'synthetic' },
    strategy: { type: 'evolution', populationSize: 4, sampleSize: 2 },
    fidelity: { type: 'successive-halving', minEpochs: 1, maxEpochs: 9, eta: 3 },
    budget: { trials: 60 },
    concurrency: 3,
    seed: 11,
    ...overrides,
  });

interface Run {
  engine: SearchEngine;
  jobLog: string[];
  progress: SearchProgress[];
  saved: Map<string, unknown>;
  maxSnapshot: number;
}

/**
 * A whole search against the fake trainer, results arriving in an order drawn from `orderSeed`.
 * With the trial store, saves are acknowledged a few steps late (like the activity), records
 * land in `saved`, and every few steps the engine goes through a JSON snapshot (continueAsNew).
 */
function simulate(orderSeed: number, trialStore: boolean, overrides: Record<string, unknown> = {}, fail?: (job: LaunchableJob) => boolean): Run {
  const options: EngineOptions = { deduplicate: true, failWithoutSuccess: true, trialStore };
  let engine = SearchEngine.create(config(overrides), 0, options);
  const order = new Rng(orderSeed);
  let inFlight: LaunchableJob[] = [];
  let pending: string[][] = [];
  const run: Run = { engine, jobLog: [], progress: [], saved: new Map(), maxSnapshot: 0 };
  for (let step = 1; !engine.isDone(); step++) {
    inFlight.push(...engine.takeJobs());
    if (inFlight.length === 0) break;
    const [job] = inFlight.splice(order.int(inFlight.length), 1);
    run.jobLog.push(`${job.trialId}@${job.targetEpochs}`);
    if (fail?.(job)) engine.failJob(job.trialId, `no luck for ${job.trialId}`, 'TestError');
    else engine.completeJob(job.trialId, fakeResult(job));
    run.progress.push(engine.progress(0));
    if (trialStore) {
      if (step % 3 === 0) {
        for (const ids of pending) engine.recordsSaved(ids, '/store');
        pending = [];
      }
      const records = engine.recordsToSave();
      for (const r of records) run.saved.set(r.trialId, r);
      if (records.length > 0) pending.push(records.map((r) => r.trialId));
      if (step % 7 === 0) {
        // continueAsNew: saves in flight are lost with the run; the records stay in the state.
        const snapshot = JSON.stringify(engine.snapshot(true));
        run.maxSnapshot = Math.max(run.maxSnapshot, snapshot.length);
        engine = SearchEngine.restore(JSON.parse(snapshot), options);
        inFlight = inFlight.map((j) => j); // jobs in flight are handed out again below
        const again = engine.takeJobs();
        inFlight = again;
        pending = [];
      }
    }
  }
  if (trialStore) {
    // The workflow waits for the save in flight, then saves the rest.
    for (const ids of pending) engine.recordsSaved(ids, '/store');
    const all = engine.recordsToSave(true);
    for (const r of all) run.saved.set(r.trialId, r);
    engine.recordsSaved(all.map((r) => r.trialId), '/store', true);
  }
  run.engine = engine;
  return run;
}

test('with the trial store the search decides and reports exactly as without it', (t) => {
  const plain = simulate(4, false);
  const stored = simulate(4, true);
  t.is(plain.engine.status(), 'completed');
  t.is(stored.engine.status(), 'completed');
  // Only the number of runs (snapshots) differs.
  const final = (r: Run) => ({ ...r.engine.progress(0), brackets: [], generation: 0 });
  t.deepEqual(final(stored), final(plain));
  t.deepEqual(stored.engine.result('s', 1).best, plain.engine.result('s', 1).best);
  // Every trial went to the store, and the result holds none of them.
  t.is(stored.engine.result('s', 1).trials.length, 0);
  t.deepEqual(stored.engine.result('s', 1).trialStore, { location: '/store', stored: 60 + (plain.engine.progress(0).duplicates ?? 0) });
  t.is(stored.saved.size, plain.engine.trialRecords().length);
});

test('jobs, leaderboards and counts match step by step, also across snapshots', (t) => {
  // Without snapshots (they requeue jobs in flight) the job order is the same too.
  const plain = simulate(9, false);
  const stored = simulate(9, true, { budget: { trials: 40 } });
  const plain40 = simulate(9, false, { budget: { trials: 40 } });
  t.deepEqual(stored.engine.progress(0).leaderboard, plain40.engine.progress(0).leaderboard);
  t.is(stored.engine.progress(0).trialsDone, 40);
  t.true(plain.jobLog.length > 0);
});

test('the state stays small: settled trials leave it, a few bytes each remain', (t) => {
  const run = simulate(2, true, { budget: { trials: 120 }, strategy: { type: 'random' } });
  const snapshot = run.engine.snapshot();
  t.is(snapshot.trials.length, 0);
  const archive = JSON.stringify(snapshot.archive).length;
  // Leaderboard top 10 plus ~60 bytes a trial for duplicate detection.
  t.true(archive < 20_000 + 120 * 90, `archive ${archive} bytes`);
  const plainTrials = JSON.stringify(simulate(2, false, { budget: { trials: 120 }, strategy: { type: 'random' } }).engine.snapshot().trials).length;
  t.true(archive * 3 < plainTrials, `archive ${archive} vs trials ${plainTrials}`);
  // The status query is the same size at 40 trials as at 120.
  const at = (n: number) => JSON.stringify(run.progress[n]).length;
  t.true(at(run.progress.length - 1) < at(40) * 1.3, `${at(40)} -> ${at(run.progress.length - 1)}`);
});

test('networks in the store are still recognised as duplicates', (t) => {
  // Eight networks in all (one pooling layer): repeats are certain.
  const tiny = { space: { type: 'chain', maxLayers: 1, operations: ['maxpool', 'avgpool'] }, strategy: { type: 'random' }, fidelity: { type: 'none', maxEpochs: 1, bracketSize: 2 }, budget: { trials: 12 }, concurrency: 2 };
  const plain = simulate(1, false, tiny);
  const stored = simulate(1, true, tiny);
  t.true(plain.engine.progress(0).duplicates > 0, 'the space repeats');
  t.is(stored.engine.progress(0).duplicates, plain.engine.progress(0).duplicates);
  t.is(stored.engine.progress(0).trialsDone, plain.engine.progress(0).trialsDone);
  t.true(stored.engine.archivedCount > 0);
});

test('a search whose trials all failed still ends failed with the first failure', (t) => {
  const run = simulate(3, true, { budget: { trials: 8 }, fidelity: { type: 'none', maxEpochs: 1 } }, () => true);
  t.is(run.engine.status(), 'failed');
  t.regex(run.engine.failureReason() ?? '', /^all 8 trials failed; the first, t0001, with: no luck for t0001$/);
});

test('nas result reads every trial back from the store, as the engine would have shown them', async (t) => {
  const plain = simulate(6, false, { budget: { trials: 30 } });
  const stored = simulate(6, true, { budget: { trials: 30 } });
  const store = new LocalDirectoryStore(mkdtempSync(join(tmpdir(), 'trial-store-')));
  // Written in two halves and the second twice: the newest line of a trial is its record.
  const records = [...stored.saved.values()] as Parameters<typeof writeTrialRecords>[2][number][];
  await writeTrialRecords(store, 's', records.slice(0, 10));
  await writeTrialRecords(store, 's', records.slice(10));
  await writeTrialRecords(store, 's', records.slice(10));
  t.is((await readTrialRecords(store, 's')).length, records.length);
  const slim = { ...stored.engine.result('s', 1), trialStore: { location: store.location, stored: records.length } };
  const full = await withStoredTrials(slim);
  t.deepEqual(full.trials, plain.engine.result('s', 1).trials);
});

test('a trial record torn by an interrupted write: nas result uses the line before it and says so; a retried write heals it', async (t) => {
  const plain = simulate(6, false, { budget: { trials: 12 } });
  const stored = simulate(6, true, { budget: { trials: 12 } });
  const store = new LocalDirectoryStore(mkdtempSync(join(tmpdir(), 'trial-store-')));
  const records = [...stored.saved.values()] as Parameters<typeof writeTrialRecords>[2][number][];
  const [first, second, ...rest] = records;
  await writeTrialRecords(store, 's', [first, ...rest]);
  // The saveTrials activity killed mid-append: first's second write and second's only write cut short.
  const tear = (r: typeof first) => {
    mkdirSync(join(store.location, 's', r.trialId), { recursive: true });
    appendFileSync(join(store.location, 's', r.trialId, 'trial.jsonl'), JSON.stringify(r).slice(0, 40));
  };
  tear(first);
  tear(second);
  const slim = { ...stored.engine.result('s', 1), trialStore: { location: store.location, stored: records.length } };
  const notes: string[] = [];
  const torn = await withStoredTrials(slim, (n) => notes.push(n));
  t.deepEqual(torn.trials.map((x) => x.trialId), plain.engine.result('s', 1).trials.map((x) => x.trialId).filter((id) => id !== second.trialId));
  t.is(notes.length, 2);
  t.regex(notes[0], new RegExp(`^trial ${first.trialId}: the newest record in .*/s/${first.trialId}/trial\\.jsonl \\(line 2\\) is torn, cut off by an interrupted write; its record before that \\(line 1 or earlier\\) is used$`));
  t.regex(notes[1], new RegExp(`^trial ${second.trialId}: .* \\(line 1\\) is torn.*; it has no complete record and is left out$`));

  // The activity's retry writes both again, each on a line of its own: nothing to note, nothing missing.
  await writeTrialRecords(store, 's', [first, second]);
  const healed: string[] = [];
  t.deepEqual((await withStoredTrials(slim, (n) => healed.push(n))).trials, plain.engine.result('s', 1).trials);
  t.deepEqual(healed, []);
});
