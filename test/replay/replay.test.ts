// Replays recorded histories of real searches (see record-history.ts), one per workflow code
// version, against today's workflow code: a non-deterministic change would break every search
// running when it is deployed.
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { FIXTURES_DIR, recordedWorkflowId } from './record-history';

const fixtures = readdirSync(FIXTURES_DIR).filter((f) => f.endsWith('.json')).sort();

test('there is a fixture from before the architecture graph and at least one after', (t) => {
  t.true(fixtures.includes('search-history.json'));
  t.true(fixtures.length >= 2, fixtures.join(', '));
});

for (const file of fixtures) {
  const workflowId = recordedWorkflowId(file);
  test(`recorded ${workflowId === 'recorded-retrain' ? 'retraining' : 'search'} ${file} replays without nondeterminism`, async (t) => {
    const history = historyFromJSON(JSON.parse(readFileSync(join(FIXTURES_DIR, file), 'utf8')));
    // A search schedules many trainings; a retraining one, to completion.
    const minEvents = workflowId === 'recorded-retrain' ? 8 : 50;
    t.true((history.events?.length ?? 0) > minEvents, 'the fixture holds a whole workflow');
    await t.notThrowsAsync(Worker.runReplayHistory({ workflowsPath: require.resolve('../../workflows') }, history, workflowId));
  });
}
