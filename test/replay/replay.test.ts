// Replays recorded histories of real searches (see record-history.ts), one per workflow code
// version, against today's workflow code: a non-deterministic change would break every search
// running when it is deployed.
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { FIXTURES_DIR, recordedWorkflowId } from './record-history';
import { STORE_OUTAGE_RETRY_PATCH } from '../../workflows/training-activity';
import { STORE_OUTAGE_RETRY, TRAINING_FAILURE_ATTEMPTS } from '../../contracts/training-retry';

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

interface RawEvent {
  markerRecordedEventAttributes?: { markerName: string; details?: { 'patch-data'?: { payloads: { data: string }[] } } };
  activityTaskScheduledEventAttributes?: { activityType: { name: string }; retryPolicy?: { maximumAttempts?: number } };
}

test(`trainings keep the retry policy they were scheduled with: the store outage schedule only after patch '${STORE_OUTAGE_RETRY_PATCH}'`, (t) => {
  for (const file of fixtures) {
    const events = (JSON.parse(readFileSync(join(FIXTURES_DIR, file), 'utf8')) as { events: RawEvent[] }).events;
    const patches = events.flatMap((e) => e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads ?? []).map((p) => (JSON.parse(Buffer.from(p.data, 'base64').toString('utf8')) as { id: string }).id);
    const attempts = new Set(events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType.name === 'trainCandidate').map((e) => e.activityTaskScheduledEventAttributes?.retryPolicy?.maximumAttempts));
    const expected = patches.includes(STORE_OUTAGE_RETRY_PATCH) ? STORE_OUTAGE_RETRY.maximumAttempts : TRAINING_FAILURE_ATTEMPTS;
    t.deepEqual([...attempts], [expected], file);
  }
  t.true(fixtures.includes(`${STORE_OUTAGE_RETRY_PATCH}.json`), 'a fixture recorded with the patch');
});
