// One look at a search for `nas watch`: its progress (the workflow's status query) plus, for
// each training in flight, how far it got, read from the heartbeats of the workflow's pending
// activities. Heartbeats hold metrics and a checkpoint reference, never weights.
import type { Client } from '@temporalio/client';
import type { EpochMetrics } from '../../contracts/training';
import type { SearchProgress, SearchStatus } from '../../domain/search/types';
import type { TrainHeartbeat } from '../../activities/types';
import { describeSearch } from '../search-client';

export interface TrainingView {
  trialId: string;
  rung: number;
  targetEpochs: number;
  epochsDone: number;
  /** Activity attempt (above 1 after a retry, which resumes from the last checkpoint). */
  attempt: number;
  /** The last epoch's metrics. */
  last?: EpochMetrics;
  /** Seconds per epoch so far, and the resulting estimate of what is left. */
  secondsPerEpoch?: number;
  secondsLeft?: number;
}

export interface WatchSnapshot {
  searchId: string;
  status: SearchStatus;
  /** Epoch milliseconds of this look. */
  at: number;
  progress?: SearchProgress;
  trainings: TrainingView[];
  error?: string;
}

export async function takeSnapshot(client: Client, searchId: string): Promise<WatchSnapshot> {
  const report = await describeSearch(client, searchId);
  const base = { searchId, status: report.status, at: Date.now(), ...(report.progress ? { progress: report.progress } : {}), ...(report.error ? { error: report.error } : {}) };
  if (report.status !== 'running' || !report.progress) return { ...base, trainings: [] };
  const beats = await heartbeats(client, searchId);
  return { ...base, trainings: report.progress.running.map((job) => trainingView(job, beats.get(job.trialId))) };
}

interface Beat {
  heartbeat: TrainHeartbeat;
  attempt: number;
}

async function heartbeats(client: Client, searchId: string): Promise<Map<string, Beat>> {
  const description = await client.workflow.getHandle(searchId).describe();
  const converter = client.options.loadedDataConverter.payloadConverter;
  const beats = new Map<string, Beat>();
  for (const pending of description.raw.pendingActivities ?? []) {
    const payload = pending.heartbeatDetails?.payloads?.[0];
    if (!payload) continue;
    const heartbeat = converter.fromPayload<TrainHeartbeat>(payload);
    if (typeof heartbeat?.trialId === 'string') beats.set(heartbeat.trialId, { heartbeat, attempt: pending.attempt ?? 1 });
  }
  return beats;
}

export function trainingView(job: SearchProgress['running'][number], beat: Beat | undefined): TrainingView {
  const view: TrainingView = { trialId: job.trialId, rung: job.rung, targetEpochs: job.targetEpochs, epochsDone: 0, attempt: beat?.attempt ?? 1 };
  if (!beat) return view;
  const { heartbeat } = beat;
  const history = heartbeat.history ?? [];
  const last = history[history.length - 1];
  const timed = history.filter((m) => m.seconds > 0);
  const secondsPerEpoch = timed.length > 0 ? timed.reduce((sum, m) => sum + m.seconds, 0) / timed.length : undefined;
  const epochsDone = Math.min(heartbeat.epochsDone, job.targetEpochs);
  return {
    ...view,
    epochsDone,
    ...(last ? { last } : {}),
    ...(secondsPerEpoch !== undefined ? { secondsPerEpoch, secondsLeft: secondsPerEpoch * (job.targetEpochs - epochsDone) } : {}),
  };
}
