// Replays a recorded history of a real search (see record-history.ts) against today's workflow
// code: a non-deterministic change would break every search running when it is deployed.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { Worker } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { FIXTURE } from './record-history';

test('the recorded search history replays without nondeterminism', async (t) => {
  const history = historyFromJSON(JSON.parse(readFileSync(FIXTURE, 'utf8')));
  t.true((history.events?.length ?? 0) > 50, 'the fixture holds a whole search');
  await t.notThrowsAsync(Worker.runReplayHistory({ workflowsPath: require.resolve('../../workflows') }, history, 'recorded-search'));
});
