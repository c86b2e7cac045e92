// Retraining before an export: one training job, as an activity, so it heartbeats, shows in the
// Web UI, and after a worker crash resumes from its last checkpoint like a search's trials.
import { proxyActivities, setCurrentDetails } from '@temporalio/workflow';
import type { NasActivities } from '../activities/types';
import type { RetrainWorkflowInput, RetrainWorkflowResult } from './retrain-definitions';
import { trainingActivityOptions } from './training-activity';

export async function nasRetrain(input: RetrainWorkflowInput): Promise<RetrainWorkflowResult> {
  const { request } = input;
  const what = `retrain ${input.trialId} of ${input.searchId} for ${request.targetEpochs} epochs on training + validation data`;
  setCurrentDetails(`**training**: ${what}`);
  const { trainCandidate } = proxyActivities<NasActivities>(trainingActivityOptions(input.trainingTaskQueue, what));
  const result = await trainCandidate(request);
  const f = result.final;
  setCurrentDetails(`**done**: ${what}; last epoch: loss ${f.loss.toFixed(4)}, training accuracy ${(f.accuracy * 100).toFixed(2)}%`);
  return { searchId: input.searchId, trialId: input.trialId, request, result };
}
