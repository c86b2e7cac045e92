// A private dev server and a worker that runs the search workflow and the real activities
// (training, on a one-trainer pool, and the trial store) on one task queue, torn down after the
// body, artifacts removed. The setup the workflow tests that run real searches share.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTestEnv } from './temporal-test-env';
import { createActivities } from '../../activities';
import { createTrialStoreActivities } from '../../activities/trial-store';
import { TrainerPool } from '../../trainer/pool';

export interface SearchWorkerBed {
  env: TestWorkflowEnvironment;
  worker: Worker;
  /** The worker's queue, for the workflows and (as `trainingTaskQueue`) for the trainings. */
  taskQueue: string;
  artifactRoot: string;
}

export interface SearchWorkerOptions {
  /** An artifact store the caller owns (an s3:// location, say): used as it is, not removed. */
  artifactRoot?: string;
}

/**
 * Runs `body` with a fresh server and worker; `label` names the queue and the artifact folder
 * (a fresh temporary one, removed afterwards, unless `options.artifactRoot` names one).
 */
export async function withSearchWorker<T>(label: string, body: (bed: SearchWorkerBed) => Promise<T>, options: SearchWorkerOptions = {}): Promise<T> {
  const env = await createTestEnv();
  const artifactRoot = options.artifactRoot ?? mkdtempSync(join(tmpdir(), `${label}-`));
  const pool = new TrainerPool({ size: 1, artifactRoot, backend: 'auto' });
  const taskQueue = `${label}-${randomUUID()}`;
  try {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('../../workflows'),
      activities: { ...createActivities({ pool, artifactRoot }), ...createTrialStoreActivities(artifactRoot) },
    });
    return await body({ env, worker, taskQueue, artifactRoot });
  } finally {
    await pool.close();
    await env.teardown();
    if (options.artifactRoot === undefined) rmSync(artifactRoot, { recursive: true, force: true });
  }
}
