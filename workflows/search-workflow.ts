// The durable search loop. It only wires things: the SearchEngine (pure domain code) decides
// what to train, activities train, and this function moves jobs and results between them.
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { NasActivities, TrainActivityResult } from '../activities/types';
import type { TrialStoreActivities } from '../activities/trial-store';
import { SearchEngine, type LaunchableJob } from '../domain/search/engine';
import { parseSearchConfig } from '../domain/config/validate';
import { ConfigError } from '../domain/config/errors';
import type { SearchResult } from '../domain/search/types';
import type { TrainRequest } from '../contracts/training';
import {
  budgetUpdate,
  pauseSignal,
  resultQuery,
  resumeSignal,
  retryTrialUpdate,
  statusQuery,
  stopSignal,
  type SearchWorkflowInput,
} from './definitions';
import { VisibilityPublisher } from './visibility';
import { trainingActivityOptions } from './training-activity';


/** Patch id of the change that records repeated networks as duplicates instead of training them. */
export const DUPLICATE_DETECTION_PATCH = 'architecture-graph-duplicates';
/**
 * Patch id of the change that ends a search in which no trial succeeded as failed (with the
 * reason) and fails the search, instead of retrying its workflow task forever, when the engine
 * throws.
 */
export const FAIL_WITHOUT_SUCCESS_PATCH = 'fail-without-success';

/**
 * Patch id of the change that sends a morphism's child its parent's checkpoint and weight map
 * (inheritFrom). Histories from before it never had such children; the guard keeps the activity
 * input of any replayed history exactly as it was recorded.
 */
export const MORPHISM_INHERITANCE_PATCH = 'morphism-inheritance';

/**
 * Patch id of the trial store: settled trials' records go to the artifact store through the
 * saveTrials activity and leave the state, so state, continueAsNew payloads, queries and the
 * result stay small (domain/search/archive.ts). Histories from before it never scheduled it.
 */
export const TRIAL_STORE_PATCH = 'trial-store';

/**
 * Patch id of the change that continues as new without draining: trainings in flight go to the
 * next run in the state and are scheduled again there; the worker still training them attaches
 * the new activities to the running trainings (activities/shared-trainings.ts), so no slot
 * idles while a run waits for its last trainings. Histories from before it drained first.
 */
export const CARRY_TRAININGS_PATCH = 'carry-trainings';

/**
 * Patch id of the compact state: the strategy snapshots only what its next decisions read (the
 * engine's index of networks answers "proposed before?") and the scheduler forgets archived
 * trials, so continueAsNew payloads stop growing with the number of trials (same decisions).
 * Histories from before it carried the full strategy ledger and every bracket.
 */
export const COMPACT_STATE_PATCH = 'compact-state';

/** The trial store's activity; it runs on the search's own task queue (the workflow worker's). */
const trialStore = proxyActivities<TrialStoreActivities>({
  startToCloseTimeout: '5m',
  retry: { initialInterval: '1s', maximumInterval: '30s' },
  summary: 'save settled trials to the trial store',
});


/**
 * Patch id of the change that trains a job at its fidelity.resource: the training subset
 * (dataset.subset) and, for a model scale, in its own checkpoint folder. Histories from before it
 * only had epoch rungs; the guard keeps their activity inputs exactly as recorded.
 */
export const FIDELITY_RESOURCE_PATCH = 'fidelity-resource';

/**
 * Patch id of the change that tells strategies each rung's value at its training subset or
 * model scale (Observation.budgets), so BOHB fits a model per fidelity under those resources.
 * Histories from before it told the same epochs for every rung, and replay what BOHB did then.
 */
export const RESOURCE_BUDGETS_PATCH = 'resource-budgets';

type Completion = { trialId: string; result: TrainActivityResult } | { trialId: string; error: string; errorType?: string };

export async function nasSearch(input: SearchWorkflowInput): Promise<SearchResult> {
  // Searches started before duplicate detection scheduled a training for every proposal; their
  // histories replay (and they finish) without it.
  const options = {
    deduplicate: patched(DUPLICATE_DETECTION_PATCH),
    failWithoutSuccess: patched(FAIL_WITHOUT_SUCCESS_PATCH),
    trialStore: patched(TRIAL_STORE_PATCH),
    carryTrainings: patched(CARRY_TRAININGS_PATCH),
    compactState: patched(COMPACT_STATE_PATCH),
    resourceBudgets: patched(RESOURCE_BUDGETS_PATCH),
  };
  const guard = engineGuard(options.failWithoutSuccess);
  const engine = guard(() =>
    input.state ? SearchEngine.restore(input.state, options) : SearchEngine.create(validated(input.config), Date.now(), options),
  );
  const searchId = workflowInfo().workflowId;
  const completions: Completion[] = [];
  const visibility = new VisibilityPublisher();

  setHandler(stopSignal, (request) => {
    log.info('stop requested', { reason: request?.reason ?? 'none given' });
    engine.requestStop();
  });
  // Signals and updates wake the loop below, which waits otherwise for a training to end.
  let wakeups = 0;
  setHandler(pauseSignal, () => {
    engine.pause();
    wakeups++;
  });
  setHandler(resumeSignal, () => {
    engine.resume();
    wakeups++;
  });
  setHandler(
    budgetUpdate,
    (trials) => {
      engine.raiseBudget(trials);
      wakeups++;
      return engine.config.budget.trials;
    },
    { validator: (trials) => throwIf(engine.budgetProblem(trials)) },
  );
  setHandler(
    retryTrialUpdate,
    (trialId) => {
      engine.retryTrial(trialId);
      wakeups++;
      return trialId;
    },
    { validator: (trialId) => throwIf(engine.retryProblem(trialId)) },
  );
  // A bad page request fails the query with the problem (naming page.offset or page.limit).
  setHandler(statusQuery, (page) => engine.progress(Date.now(), page ?? undefined));
  setHandler(resultQuery, (page) => engine.result(searchId, Date.now(), page ?? undefined));

  // One save in flight at a time: records that settle meanwhile go in the next batch.
  let saving = false;
  const save = (all = false): void => {
    if (saving) return;
    const records = engine.recordsToSave(all);
    if (records.length === 0) return;
    saving = true;
    const ids = records.map((r) => r.trialId);
    trialStore
      .saveTrials({ searchId, records })
      .then(({ location }) => guard(() => engine.recordsSaved(ids, location, all)))
      .catch((err: unknown) => {
        // Retried for long already; the records stay in the state and go with a later save.
        log.warn('saving trials to the trial store failed', { error: failureOf(err).error });
        engine.recordsNotSaved(ids);
      })
      .finally(() => {
        saving = false;
      });
  };

  const launch = (job: LaunchableJob): void => {
    const train = trainerFor(engine, job);
    train
      .trainCandidate(trainRequest(engine, searchId, job))
      .then((result) => completions.push({ trialId: job.trialId, result }))
      .catch((err: unknown) => completions.push({ trialId: job.trialId, ...failureOf(err) }));
  };

  // Results are digested in the order Temporal recorded them, so replays see the same order.
  const digest = (): void => {
    for (const done of completions.splice(0)) {
      if ('result' in done) guard(() => engine.completeJob(done.trialId, done.result));
      else guard(() => engine.failJob(done.trialId, done.error, done.errorType));
    }
  };

  for (;;) {
    const draining = shouldStartNewRun(input.historyEventLimit);
    if (!draining) guard(() => engine.takeJobs()).forEach(launch);
    if (options.trialStore) save();
    showDetails(engine);
    visibility.publish(engine.config, engine.progress(Date.now()));
    if (engine.isDone()) break;
    if (draining && options.carryTrainings) {
      // Trainings in flight go on; the next run schedules them again and their worker attaches
      // those activities to them. Nothing waits here, so no slot idles.
      await condition(allHandlersFinished);
      digest();
      return continueAsNew<typeof nasSearch>({ ...input, state: engine.snapshot(true) });
    }
    if (draining && engine.inFlight === 0) {
      // Everything in flight has landed: the next run starts from a clean snapshot.
      await condition(allHandlersFinished);
      return continueAsNew<typeof nasSearch>({ ...input, state: engine.snapshot(true) });
    }
    const seen = wakeups;
    await condition(() => completions.length > 0 || (engine.isStopping && engine.inFlight === 0) || wakeups !== seen);
    digest();
  }

  if (options.trialStore) {
    // Every record goes to the store before the (then small) result is returned.
    await condition(() => !saving);
    save(true);
    await condition(() => !saving);
  }
  await condition(allHandlersFinished);
  const result = engine.result(searchId, Date.now());
  if (result.status === 'failed') {
    // The result travels with the failure, so the trials and their errors stay readable.
    throw ApplicationFailure.create({ message: engine.failureReason() ?? 'no trial succeeded', type: 'SearchFailed', nonRetryable: true, details: [result] });
  }
  log.info('search finished', { status: result.status, best: result.best?.trialId, accuracy: result.best?.metrics.valAccuracy });
  return result;
}

function validated(raw: unknown) {
  try {
    return parseSearchConfig(raw);
  } catch (err) {
    // A bad config will not get better by retrying the workflow task: fail the search.
    if (err instanceof ConfigError) throw ApplicationFailure.nonRetryable(err.message, 'ConfigError');
    throw err;
  }
}

/**
 * The engine is pure and deterministic: an error it throws comes back on every replay, so
 * retrying the workflow task would loop forever with the search unstoppable. Fail the search.
 */
function engineGuard(enabled: boolean): <T>(fn: () => T) => T {
  return (fn) => {
    if (!enabled) return fn();
    try {
      return fn();
    } catch (err) {
      if (err instanceof ApplicationFailure || !(err instanceof Error)) throw err;
      throw ApplicationFailure.create({ message: `the search engine failed: ${err.message}`, type: 'SearchEngineError', nonRetryable: true });
    }
  };
}

function throwIf(problem: string | undefined): void {
  if (problem !== undefined) throw new Error(problem);
}

function shouldStartNewRun(historyEventLimit: number | undefined): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || (historyEventLimit !== undefined && info.historyLength >= historyEventLimit);
}

function trainerFor(engine: SearchEngine, job: LaunchableJob): NasActivities {
  return proxyActivities<NasActivities>(
    trainingActivityOptions(engine.config.trainingTaskQueue, `${job.trialId} rung ${job.rung}: train to ${job.targetEpochs} epochs${fidelityNote(job)}`),
  );
}

function fidelityNote(job: LaunchableJob): string {
  if (job.subset !== undefined) return ` on ${job.subset} samples`;
  return job.scale !== undefined ? ` at width x${job.scale}` : '';
}

function trainRequest(engine: SearchEngine, searchId: string, job: LaunchableJob): TrainRequest {
  const { dataset, training, seed } = engine.config;
  const resource = (job.subset !== undefined || job.checkpointId !== undefined) && patched(FIDELITY_RESOURCE_PATCH);
  return {
    searchId,
    // A model of another shape (fidelity.resource "scale") keeps its checkpoints apart.
    trialId: resource && job.checkpointId !== undefined ? job.checkpointId : job.trialId,
    architecture: job.architecture,
    dataset: { ...dataset, splitSeed: seed, ...(resource && job.subset !== undefined ? { subset: job.subset } : {}) },
    training: { batchSize: training.batchSize, learningRate: training.learningRate, optimizer: training.optimizer },
    seed: job.seed,
    targetEpochs: job.targetEpochs,
    ...(job.resumeFrom ? { resumeFrom: job.resumeFrom } : {}),
    ...(job.inheritFrom && patched(MORPHISM_INHERITANCE_PATCH) ? { inheritFrom: job.inheritFrom } : {}),
    backend: training.backend,
  };
}

function failureOf(err: unknown): { error: string; errorType?: string } {
  const cause = err instanceof ActivityFailure && err.cause ? err.cause : err;
  const error = cause instanceof Error ? cause.message : String(cause);
  return cause instanceof ApplicationFailure && cause.type ? { error, errorType: cause.type } : { error };
}

function showDetails(engine: SearchEngine): void {
  const p = engine.progress(Date.now());
  const best = p.best ? `best ${p.best.trialId} ${(p.best.valAccuracy * 100).toFixed(2)}%` : 'no result yet';
  setCurrentDetails(`**${p.status}**: ${p.trialsDone}/${p.trialsTotal} trials done, ${p.running.length} training, ${best}`);
}
