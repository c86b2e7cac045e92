// Patch 'compact-state': the state carried through continueAsNew stops growing with the number
// of trials (the strategy snapshots only what its next decisions read, the scheduler forgets
// archived trials), and the search decides exactly as with the full state.
import test from 'ava';
import type { EngineOptions } from '../../domain/search/engine';
import type { SearchState } from '../../domain/search/types';
import { simulateSearch } from './helpers/simulate-search';

const FULL: EngineOptions = { deduplicate: true, failWithoutSuccess: true, trialStore: true };
const COMPACT: EngineOptions = { ...FULL, compactState: true };

const base = { dataset: { name: 'synthetic' }, space: { type: 'chain', maxLayers: 4 }, seed: 5 };
const SEARCHES: [string, Record<string, unknown>][] = [
  ['random, no fidelity', { ...base, strategy: { type: 'random' }, fidelity: { type: 'none', maxEpochs: 1, bracketSize: 8 }, budget: { trials: 150 }, concurrency: 4 }],
  ['evolution, successive halving', { ...base, strategy: { type: 'evolution', populationSize: 6, sampleSize: 3 }, fidelity: { type: 'successive-halving', minEpochs: 1, maxEpochs: 4, eta: 2 }, budget: { trials: 120 }, concurrency: 3 }],
  ['random, hyperband with early stopping', { ...base, strategy: { type: 'random' }, fidelity: { type: 'hyperband', minEpochs: 1, maxEpochs: 4, eta: 2, earlyStop: { every: 1 } }, budget: { trials: 80 }, concurrency: 3 }],
  // A space of 8 networks: most proposals are repeats, found through the engine's index.
  ['random over a tiny space', { ...base, space: { type: 'chain', maxLayers: 1, operations: ['maxpool', 'avgpool'] }, strategy: { type: 'random' }, fidelity: { type: 'none', maxEpochs: 1, bracketSize: 2 }, budget: { trials: 8 }, concurrency: 2 }],
];

for (const [name, config] of SEARCHES) {
  test(`${name}: the compact state makes the same decisions as the full one`, (t) => {
    const full = simulateSearch(config, { engine: FULL, orderSeed: 3, every: 5 });
    const compact = simulateSearch(config, { engine: COMPACT, orderSeed: 3, every: 5 });
    t.is(compact.engine.status(), 'completed');
    t.deepEqual(compact.jobLog, full.jobLog);
    t.deepEqual(compact.engine.progress(0), full.engine.progress(0));
    t.deepEqual(compact.engine.result('s', 1), full.engine.result('s', 1));
    // And it is smaller wherever the search has settled trials.
    const last = (r: typeof full) => r.snapshots[r.snapshots.length - 1].json.length;
    t.true(last(compact) < last(full), `${last(compact)} vs ${last(full)} bytes`);
  });
}

/** Bytes of a continueAsNew payload, and of the part of it that grows with the search by design. */
function sizes(json: string): { total: number; strategy: number; scheduler: number; networks: number } {
  const s = JSON.parse(json) as SearchState;
  return {
    total: json.length,
    strategy: JSON.stringify(s.strategy).length,
    scheduler: JSON.stringify(s.scheduler).length,
    networks: JSON.stringify(s.archive?.networks ?? {}).length,
  };
}

test('the continueAsNew payload is the same size after 2,000 trials as after 200, but for the duplicate index', (t) => {
  const config = { ...base, strategy: { type: 'random' }, fidelity: { type: 'none', maxEpochs: 1, bracketSize: 64 }, budget: { trials: 2_100 }, concurrency: 16 };
  const run = simulateSearch(config, { engine: COMPACT, orderSeed: 1, every: 50 });
  t.is(run.engine.status(), 'completed');
  const at = (n: number) => sizes((run.snapshots.find((s) => s.archived >= n) ?? run.snapshots[run.snapshots.length - 1]).json);
  const early = at(200);
  const late = at(2_000);
  t.log({ early, late });
  // What decisions need of the strategy and the scheduler does not grow with the trials.
  t.true(late.strategy <= early.strategy * 1.5 + 200, `strategy ${early.strategy} -> ${late.strategy} bytes`);
  t.true(late.scheduler <= early.scheduler * 1.5 + 200, `scheduler ${early.scheduler} -> ${late.scheduler} bytes`);
  // Nor does anything else, except the index of evaluated networks (duplicate detection needs
  // one entry per network; about 55 bytes each).
  const rest = (s: typeof early) => s.total - s.networks;
  t.true(rest(late) <= rest(early) * 1.2, `payload without the index ${rest(early)} -> ${rest(late)} bytes`);
  t.true(late.networks / 2_000 < 65, `index ${late.networks} bytes`);
  // The full state of the same search grows by hundreds of bytes a trial.
  const full = simulateSearch({ ...config, budget: { trials: 400 } }, { engine: FULL, orderSeed: 1, every: 50 });
  const fullLate = sizes(full.snapshots[full.snapshots.length - 1].json);
  t.true(fullLate.strategy > 100 * 300, `full strategy snapshot ${fullLate.strategy} bytes`);
});
