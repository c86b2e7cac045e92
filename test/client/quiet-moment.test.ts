// Control commands (nas pause/resume/stop/budget/retry) wait for a quiet moment before they send
// anything: no workflow task of the search waiting unstarted (client/actions/quiet-moment.ts says
// why). Against a real dev server: a search nobody works on has its first task waiting, so the
// wait lasts until its timeout; once a workflow worker ran that task (the search now waits on a
// training no training worker takes) it is quiet at once.
import test from 'ava';
import { Worker } from '@temporalio/worker';
import { createTestEnv } from '../helpers/temporal-test-env';
import { quietMoment } from '../../client/actions/quiet-moment';
import { SEARCH_WORKFLOW_TYPE } from '../../workflows/definitions';

const config = {
  dataset: { name: 'synthetic', trainSize: 64, validationSize: 32 },
  space: { type: 'chain', maxLayers: 1, filters: [4], units: [8] },
  strategy: { type: 'random' },
  fidelity: { type: 'none', maxEpochs: 1 },
  budget: { trials: 2 },
  concurrency: 1,
  trainingTaskQueue: 'quiet-moment-training-nobody-polls',
  seed: 1,
};

test('a control message waits while a workflow task waits unstarted, and not once the search is idle', async (t) => {
  const env = await createTestEnv();
  try {
    const taskQueue = 'quiet-moment-search';
    const handle = await env.client.workflow.start(SEARCH_WORKFLOW_TYPE, { taskQueue, workflowId: 'quiet-moment', args: [{ config }] });

    const waited = await quietMoment(handle, { timeoutMs: 1_500, everyMs: 100 });
    t.true(waited >= 1_500, `no worker polls ${taskQueue}, so the first task waits: waited ${waited} ms`);
    t.is((await handle.describe()).raw.pendingWorkflowTask?.attempt, 1, 'the task is still there, unstarted');

    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath: require.resolve('../../workflows') });
    await worker.runUntil(async () => {
      // The first task runs and schedules a training that nobody takes: the search waits quietly.
      for (let i = 0; i < 100 && !(await handle.describe()).raw.pendingActivities?.length; i++) await new Promise((r) => setTimeout(r, 100));
      t.is((await handle.describe()).raw.pendingActivities?.length, 1);
      const idle = await quietMoment(handle, { timeoutMs: 5_000, everyMs: 100 });
      t.true(idle < 1_000, `an idle search is quiet at once: waited ${idle} ms`);
      await handle.terminate('test over');
    });
  } finally {
    await env.teardown();
  }
});
