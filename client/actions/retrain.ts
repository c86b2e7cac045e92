// `nas export --retrain`: trains the chosen trial again, from fresh weights, at the search's full
// fidelity on its training and validation samples together. The training runs as the
// nasRetrain workflow's activity, so it heartbeats, is visible in the Web UI, and survives a
// worker crash by resuming from its last checkpoint; this process only starts it (and a worker
// when none is polling) and waits for it.
import type { Client } from '@temporalio/client';
import { resolveConnection } from '../../infra/temporal/connection';
import { createSpace } from '../../domain/spaces';
import type { ResultTrial, SearchResult } from '../../domain/search/types';
import type { TrainRequest } from '../../contracts/training';
import type { ArchitectureGraph } from '../../contracts/graph';
import { loadSpaceModule } from '../../workers/space-modules';
import { SEARCH_TASK_QUEUE } from '../../workflows/definitions';
import {
  RETRAIN_WORKFLOW_TYPE,
  retrainTrialId,
  retrainWorkflowId,
  type RetrainWorkflowInput,
  type RetrainWorkflowResult,
} from '../../workflows/retrain-definitions';
import { ensureWorkers } from './search';
import { prepareArtifactRoot } from '../../store';
import { resultWithProgress } from './retrain-progress';
import { EXIT } from '../exit-codes';

/** The network a trial's architecture compiles to, with the config's own space module loaded. */
export function trialGraph(result: SearchResult, trial: ResultTrial): ArchitectureGraph {
  if (result.config.space.module) loadSpaceModule(result.config.space.module);
  return createSpace(result.config.space).compile(trial.architecture);
}

/** The retraining job: the trial's network, seeded by the search's seed, every epoch of the search's top rung, all labelled data. */
export function retrainRequest(result: SearchResult, trial: ResultTrial): TrainRequest {
  const { dataset, training, fidelity, seed } = result.config;
  return {
    searchId: result.searchId,
    trialId: retrainTrialId(trial.trialId),
    architecture: trialGraph(result, trial),
    dataset: { ...dataset, splitSeed: seed, trainOnValidation: true },
    training: { batchSize: training.batchSize, learningRate: training.learningRate, optimizer: training.optimizer },
    seed,
    targetEpochs: fidelity.maxEpochs,
    backend: training.backend,
  };
}

export async function retrainTrial(
  client: Client,
  namespace: string,
  result: SearchResult,
  trial: ResultTrial,
  log: (line: string) => void,
): Promise<RetrainWorkflowResult> {
  const request = retrainRequest(result, trial);
  const workflowId = retrainWorkflowId(result.searchId, trial.trialId);
  const input: RetrainWorkflowInput = { searchId: result.searchId, trialId: trial.trialId, request, trainingTaskQueue: result.config.trainingTaskQueue };
  const { address } = resolveConnection();
  const worker = await ensureWorkers(client, namespace, result.config, false, address, log, prepareArtifactRoot());
  try {
    const d = result.config.dataset;
    const samples = d.trainSize + d.validationSize;
    // A retraining already running (another export, or one interrupted) is joined, not doubled;
    // a finished one's checkpoint is on disk, so a new run resumes there and trains no more.
    const handle = await client.workflow.start(RETRAIN_WORKFLOW_TYPE, {
      taskQueue: SEARCH_TASK_QUEUE,
      workflowId,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      staticSummary: `NAS retrain ${trial.trialId} of ${result.searchId} · ${request.targetEpochs} epochs · ${samples} samples`,
      staticDetails: [
        `**Retraining before export** of trial ${trial.trialId} of search ${result.searchId}: ${trial.description}`,
        '',
        `From fresh weights (seed ${request.seed}), ${request.targetEpochs} epochs (the search's full fidelity) on the ${d.trainSize} training and ` +
          `${d.validationSize} validation samples of ${d.name} together (split seed ${result.config.seed}).`,
      ].join('\n'),
    });
    log(`retraining ${trial.trialId} for ${request.targetEpochs} epochs on ${samples} samples (training + validation): workflow ${workflowId}`);
    const interrupted = (): void => {
      log(`\ninterrupted: the retraining ${workflowId} is durable and goes on while a worker runs (nas worker); run this export again to wait for it`);
      void (worker?.shutdown() ?? Promise.resolve()).then(() => process.exit(EXIT.interrupted));
    };
    process.once('SIGINT', interrupted);
    try {
      return await resultWithProgress(client, handle, log);
    } finally {
      process.off('SIGINT', interrupted);
    }
  } finally {
    await worker?.shutdown();
  }
}
