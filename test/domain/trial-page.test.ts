// The status and result queries answer a page of the trials the workflow holds (the rest are
// in the trial store): bounded answers, a clear error naming the field for a bad request.
import test from 'ava';
import { SearchEngine } from '../../domain/search/engine';
import { parseSearchConfig } from '../../domain/config/validate';
import { MAX_PAGE_LIMIT, trialPageProblem } from '../../domain/search/trial-page';
import { fakeResult } from './helpers/simulate-search';

function midSearch(): SearchEngine {
  const config = parseSearchConfig({
    dataset: { name: 'synthetic' },
    strategy: { type: 'random' },
    fidelity: { type: 'none', maxEpochs: 1, bracketSize: 12 },
    budget: { trials: 24 },
    concurrency: 4,
    seed: 2,
  });
  const engine = SearchEngine.create(config, 0, { deduplicate: true, failWithoutSuccess: true, trialStore: true, compactState: true });
  const [first] = engine.takeJobs();
  engine.completeJob(first.trialId, fakeResult(first));
  return engine;
}

test('the status query pages through the trials the workflow holds, in trial order', (t) => {
  const engine = midSearch();
  const all = engine.trialRecords().map((r) => r.trialId);
  t.true(all.length >= 12, `${all.length} trials held`);
  t.is(engine.progress(0).page, undefined, 'no page unless asked');
  const page = engine.progress(0, { offset: 3, limit: 4 }).page;
  t.deepEqual({ ...page, trials: page?.trials.map((x) => x.trialId) }, { offset: 3, limit: 4, total: all.length, trials: all.slice(3, 7) });
  // The first trial finished: its page entry has its history (the store's record has it too).
  t.is(engine.progress(0, { limit: 1 }).page?.trials[0].history.length, 1);
  t.is(engine.progress(0, { offset: all.length }).page?.trials.length, 0);
});

test('the result query pages its trials and says which page it is', (t) => {
  const engine = midSearch();
  const whole = engine.result('s', 1);
  const paged = engine.result('s', 1, { offset: 10, limit: 5 });
  t.deepEqual(paged.page, { offset: 10, limit: 5, total: whole.trials.length });
  t.deepEqual(paged.trials, whole.trials.slice(10, 15));
  t.is(whole.page, undefined);
  t.is(engine.result('s', 1, {}).trials.length, Math.min(50, whole.trials.length));
});

test('a bad page request is refused naming the field', (t) => {
  const engine = midSearch();
  t.throws(() => engine.progress(0, { limit: 0 }), { message: `page.limit: expected a whole number from 1 to ${MAX_PAGE_LIMIT}, got 0` });
  t.throws(() => engine.result('s', 1, { offset: -1 }), { message: 'page.offset: expected a whole number >= 0, got -1' });
  t.is(trialPageProblem({ size: 3 }), 'page.size: unknown key; a page has offset and limit');
  t.is(trialPageProblem('all'), 'page: expected an object { offset?, limit? }, got "all"');
  t.is(trialPageProblem({ limit: MAX_PAGE_LIMIT + 1 }), `page.limit: expected a whole number from 1 to ${MAX_PAGE_LIMIT}, got ${MAX_PAGE_LIMIT + 1}`);
});
