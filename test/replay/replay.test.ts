// Replays recorded histories of real searches (see record-history.ts), one per workflow code
// version, against today's workflow code: a non-deterministic change would break every search
// running when it is deployed.
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { FIXTURES_DIR } from './record-history';

const fixtures = readdirSync(FIXTURES_DIR).filter((f) => f.endsWith('.json')).sort();

test('there is a fixture from before the architecture graph and at least one after', (t) => {
  t.true(fixtures.includes('search-history.json'));
  t.true(fixtures.length >= 2, fixtures.join(', '));
});

for (const file of fixtures) {
  test(`recorded search ${file} replays without nondeterminism`, async (t) => {
    const history = historyFromJSON(JSON.parse(readFileSync(join(FIXTURES_DIR, file), 'utf8')));
    t.true((history.events?.length ?? 0) > 50, 'the fixture holds a whole search');
    await t.notThrowsAsync(Worker.runReplayHistory({ workflowsPath: require.resolve('../../workflows') }, history, 'recorded-search'));
  });
}
