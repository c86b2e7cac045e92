// The search loop's brain, free of Temporal and tfjs: it decides which trainings to run next
// and digests their results. The workflow only moves jobs between this engine and activities.
//
// Determinism: every decision is a function of the config (seed included) and of the results in
// the order the workflow's history recorded them, never of time. The scheduler (domain/schedulers)
// decides what trains next and when the strategy hears outcomes; trial seeds derive from the
// search seed and the trial number.
import { copyJson } from '../json';
import { createSpace, type SearchSpace } from '../spaces';
import { createStrategy, findStrategy, restoreStrategy } from '../strategies';
import { frontOf, type ParetoFrontView } from './front';
import { withGraphArchitectures } from '../spaces/graph-architecture';
import { morphismSteps } from './morphism-steps';
import type { InheritSpec } from '../../contracts/weight-map';
import { createScheduler, restoreScheduler, type Job, type RungOutcome, type Scheduler } from '../schedulers';
import { Rng } from '../rng';
import { resourceOf } from '../fidelity';
import { scaleGraph } from '../graph/scale';
import { leaderboardOf } from './leaderboard';
import { budgetProblem, retryProblem } from './control';
import { archiveRecords, archivedCheckpoint, emptyArchive, trialNumber, type ArchivedNetwork, type TrialArchive } from './archive';
import { resultTrials } from './result-trials';
import { pageOf, type TrialPageRequest } from './trial-page';
import type { Strategy } from '../strategies/strategy';
import type { SearchMemory } from '../strategies/definition';
import type { Objective } from '../strategies/objectives';
import type { SearchConfig } from '../config/search-config';
import type { Observation, Proposal } from '../types';
import type {
  JobResult,
  TrialMorphism,
  LeaderboardEntry,
  SearchProgress,
  SearchResult,
  SearchState,
  SearchStatus,
  TrialRecord,
  TrialStatus,
} from './types';
import type { CheckpointRef } from '../../contracts/training';
import type { ArchitectureGraph } from '../../contracts/graph';

export interface EngineOptions {
  /**
   * Record a proposal whose network was already evaluated as a duplicate instead of training
   * it again. Off only to replay searches started before duplicates were detected, whose
   * histories scheduled a training for every proposal.
   */
  deduplicate: boolean;
  /**
   * A search in which trials failed and none succeeded ends as 'failed' (not 'completed').
   * Off to replay searches started before, which returned 'completed'.
   */
  failWithoutSuccess?: boolean;
  /**
   * Move settled trials (full records, histories) to the trial store and keep only a small
   * summary of them (domain/search/archive.ts): state, continueAsNew payloads, queries and the
   * result stay small however many trials run. Off to replay searches started before.
   */
  trialStore?: boolean;
  /**
   * With the trial store: the strategy leaves duplicate avoidance of settled trials to the
   * engine's index of networks (SearchMemory) and snapshots only what its next decisions read,
   * and the scheduler forgets archived trials, so the state carried through continueAsNew
   * stops growing with the number of trials. Same decisions. Off to replay searches started
   * before (patch 'compact-state').
   */
  compactState?: boolean;
  /**
   * Tell strategies each rung's value at its resource amount (Observation.budgets) when the
   * rungs are training subsets or model scales, so BOHB fits its models per fidelity there too
   * (it saw every rung at the same epochs before). Off to replay searches started before
   * (patch 'resource-budgets').
   */
  resourceBudgets?: boolean;
}

/** Duplicate proposals accepted for one trial slot before concluding the space has no new network left. */
export const MAX_DUPLICATES_PER_SLOT = 100;

/** A job enriched with what the trainer needs to run it. */
export interface LaunchableJob extends Job {
  /** The trial's network, compiled from its architecture. */
  architecture: ArchitectureGraph;
  seed: number;
  resumeFrom?: CheckpointRef;
  /** A morphism's child not trained yet: initialise from its parent's checkpoint. */
  inheritFrom?: InheritSpec;
  /** fidelity.resource "subset": train on the first `subset` training samples only. */
  subset?: number;
  /** fidelity.resource "scale": the width factor `architecture` was scaled by. */
  scale?: number;
  /** Where the job's checkpoints go when not in the trial's own folder (another model shape). */
  checkpointId?: string;
}

/** A job in flight as launched (the target and fidelity the trainer got), without its network. */
type RunningJob = Job & Pick<LaunchableJob, 'subset' | 'scale' | 'checkpointId'>;

/** Morphism steps the status query shows (the result has them all). */
const STATUS_MORPHISM_STEPS = 20;

export function trialIdFor(index: number): string {
  return `t${String(index + 1).padStart(4, '0')}`;
}

/** A trial's weight/shuffle seed: a pure function of the search seed and its number. */
export function trialSeed(searchSeed: number, index: number): number {
  return new Rng((searchSeed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0).seed();
}

export class SearchEngine {
  private readonly space: SearchSpace;
  private readonly strategy: Strategy;
  private readonly scheduler: Scheduler;
  /** Trials not archived yet (all of them without the trial store), in trial order. */
  private trials: TrialRecord[];
  private readonly archive: TrialArchive;
  private readonly archivedById = new Map<string, ArchivedNetwork>();
  /** Records handed to the workflow for the store and not acknowledged yet (not in snapshots). */
  private readonly saving = new Set<string>();
  private readonly byId = new Map<string, TrialRecord>();
  /** Jobs in flight as launched (targets and fidelity the trainer got), without their networks. */
  private readonly running = new Map<string, RunningJob>();
  private readonly byHash = new Map<string, TrialRecord>();
  private stopRequested: boolean;
  private paused: boolean;
  /** Failed trials the user asked to train again, in the order asked. */
  private readonly retries: string[];
  private currentConfig: SearchConfig;
  readonly startedAt: number;
  readonly generation: number;

  private constructor(
    state: SearchState,
    fresh: boolean,
    private readonly options: EngineOptions,
  ) {
    this.currentConfig = state.config;
    this.space = withGraphArchitectures(createSpace(state.config.space));
    const memory = options.trialStore === true && options.compactState === true ? this.memory() : undefined;
    this.strategy = fresh
      ? createStrategy(state.config.strategy, this.space, state.config.seed, memory)
      : restoreStrategy(state.config.strategy, this.space, state.strategy, memory);
    this.scheduler = restoreScheduler(state.config.fidelity, state.scheduler);
    this.trials = copyJson(state.trials);
    this.archive = state.archive ? copyJson(state.archive) : emptyArchive();
    for (const entry of Object.values(this.archive.networks)) this.archivedById.set(entry[0], entry);
    for (const t of this.trials) {
      this.byId.set(t.trialId, t);
      // Records from before hashes existed get theirs now.
      t.hash ??= this.space.hash(t.architecture);
      if (t.status !== 'duplicate' && !this.byHash.has(t.hash)) this.byHash.set(t.hash, t);
    }
    this.stopRequested = state.stopRequested;
    this.paused = state.paused ?? false;
    this.retries = [...(state.retries ?? [])];
    this.startedAt = state.startedAt;
    this.generation = state.generation;
  }

  static create(config: SearchConfig, startedAt: number, options: EngineOptions = { deduplicate: true }): SearchEngine {
    const scheduler = createScheduler(config.fidelity, config.budget.trials);
    const state: SearchState = {
      config,
      // The constructor creates the strategy (fresh), with the engine's memory when compact.
      strategy: null,
      scheduler: scheduler.snapshot(),
      trials: [],
      stopRequested: false,
      startedAt,
      generation: 1,
    };
    return new SearchEngine(state, true, options);
  }

  /**
   * The networks this search proposed, for the strategy (SearchMemory): live trials by hash
   * and archived ones. A duplicate's network is its original's, which is one or the other.
   */
  private memory(): SearchMemory {
    return { proposed: (hash) => this.byHash.has(hash) || this.archive.networks[hash] !== undefined };
  }

  /**
   * Resumes from a snapshot. Jobs that were running when it was taken are handed out again,
   * so a snapshot may be taken mid-flight, although the workflow drains first.
   */
  static restore(state: SearchState, options: EngineOptions = { deduplicate: true }): SearchEngine {
    const engine = new SearchEngine(state, false, options);
    // Requeueing puts a job at the front of its queue, so go backwards to keep trial order.
    for (const t of [...engine.trials].reverse()) {
      if (t.status === 'running' && t.retrying === true) {
        t.status = 'failed';
        engine.retries.unshift(t.trialId);
      } else if (t.status === 'running') {
        t.status = 'pending';
        engine.scheduler.requeue({ trialId: t.trialId, bracket: t.bracket, rung: t.rung });
      }
    }
    return engine;
  }

  /** JSON-safe state for continueAsNew; `generation` counts the runs it has been through. */
  snapshot(nextGeneration = false): SearchState {
    return {
      config: this.config,
      strategy: this.strategy.snapshot(),
      scheduler: this.scheduler.snapshot(),
      trials: copyJson(this.trials),
      ...(this.options.trialStore === true ? { archive: copyJson(this.archive) } : {}),
      stopRequested: this.stopRequested,
      ...(this.paused ? { paused: true } : {}),
      ...(this.retries.length > 0 ? { retries: [...this.retries] } : {}),
      startedAt: this.startedAt,
      generation: this.generation + (nextGeneration ? 1 : 0),
    };
  }

  get config(): SearchConfig {
    return this.currentConfig;
  }

  /** Trainings in flight finish; nothing new starts until resume(). */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Why the budget cannot become `trials` now, or undefined when it can (the update's validator). */
  budgetProblem(trials: unknown): string | undefined {
    return budgetProblem(trials, {
      current: this.config.budget.trials,
      proposed: this.trials.filter((t) => t.status !== 'duplicate').length + this.archive.count - (this.archive.byStatus.duplicate ?? 0),
      done: this.isDone(),
      stopping: this.stopRequested,
    }) ?? this.schedulerBudgetProblem(trials as number, false);
  }

  private schedulerBudgetProblem(trials: number, apply: boolean): string | undefined {
    if (this.scheduler.raiseBudget === undefined) return `budget.trials: fidelity.type "${this.config.fidelity.type}" cannot raise its budget while running`;
    return this.scheduler.raiseBudget(trials, apply);
  }

  /** Raises budget.trials of a running search; more brackets open as the budget allows. */
  raiseBudget(trials: number): void {
    const problem = this.budgetProblem(trials);
    if (problem !== undefined) throw new Error(problem);
    this.schedulerBudgetProblem(trials, true);
    this.currentConfig = { ...this.config, budget: { ...this.config.budget, trials } };
  }

  /** Why trial `trialId` cannot be retried now, or undefined when it can. */
  retryProblem(trialId: unknown): string | undefined {
    const t = typeof trialId === 'string' ? this.byId.get(trialId) : undefined;
    if (t === undefined && typeof trialId === 'string' && this.archivedById.has(trialId)) {
      return `trial ${trialId}: only failed trials can be retried (it is in the trial store, settled)`;
    }
    return retryProblem(trialId, t?.status, { done: this.isDone(), stopping: this.stopRequested, queued: this.retries.includes(String(trialId)) });
  }

  /**
   * Trains a failed trial again at the rung where it failed. Its result joins the
   * leaderboard; promotions decided without it stand (they never depend on timing).
   */
  retryTrial(trialId: string): void {
    const problem = this.retryProblem(trialId);
    if (problem !== undefined) throw new Error(problem);
    this.retries.push(trialId);
  }

  /** The first failure's reason when no trial succeeded (the search then ends as failed). */
  failureReason(): string | undefined {
    const a = this.archive;
    if (a.succeeded > 0 || this.trials.some((t) => t.metrics !== undefined)) return undefined;
    const live = this.trials.find((t) => t.status === 'failed');
    const first = a.firstFailure !== undefined && (live === undefined || trialNumber(a.firstFailure.trialId) < trialNumber(live.trialId)) ? a.firstFailure : live;
    if (first === undefined) return undefined;
    const count = this.trials.filter((t) => t.status === 'failed').length + (a.byStatus.failed ?? 0);
    return `all ${count} trials failed; the first, ${first.trialId}, with: ${first.error ?? 'no reason recorded'}`;
  }

  requestStop(): void {
    this.stopRequested = true;
  }

  get isStopping(): boolean {
    return this.stopRequested;
  }

  get inFlight(): number {
    return this.running.size;
  }

  /** Next jobs to start, so that at most `config.concurrency` run at once. */
  takeJobs(): LaunchableJob[] {
    const jobs: LaunchableJob[] = [];
    if (this.stopRequested || this.paused) return jobs;
    while (this.running.size < this.config.concurrency && this.retries.length > 0) {
      jobs.push(this.launchRetry(this.retries.shift() as string));
    }
    while (this.running.size < this.config.concurrency) {
      let job = this.scheduler.nextJob();
      if (!job && this.openNextBracket()) job = this.scheduler.nextJob();
      if (!job) break;
      const trial = this.trial(job.trialId);
      trial.status = 'running';
      trial.rung = job.rung;
      jobs.push(this.launch(job, trial));
    }
    return jobs;
  }

  /**
   * What a scheduled job trains, by the fidelity resource: to which epochs, from which
   * checkpoint, on how many samples, at which width (domain/fidelity). Registers it as running.
   */
  private launch(job: Job, trial: TrialRecord): LaunchableJob {
    const training = resourceOf(this.config.fidelity).training(
      this.config.fidelity,
      { trialId: job.trialId, rung: job.rung, scheduledEpochs: job.targetEpochs },
      trial.checkpoint,
    );
    const graph = this.space.compile(trial.architecture);
    const launched: LaunchableJob = {
      ...job,
      targetEpochs: training.targetEpochs,
      architecture: training.scale === undefined ? graph : scaleGraph(graph, training.scale),
      seed: trial.seed,
      ...(training.resumeFrom ? { resumeFrom: training.resumeFrom } : {}),
      // A morphism's child starts from its parent's weights, unless it has its own or its shape differs.
      ...(trial.checkpoint || training.scale !== undefined ? {} : this.inheritance(trial)),
      ...(training.subset !== undefined ? { subset: training.subset } : {}),
      ...(training.scale !== undefined ? { scale: training.scale } : {}),
      ...(training.checkpointId !== undefined ? { checkpointId: training.checkpointId } : {}),
    };
    const { architecture: _graph, inheritFrom: _inherit, resumeFrom: _resume, ...running } = launched;
    this.running.set(job.trialId, running);
    return launched;
  }

  /** Digests a finished training. */
  completeJob(trialId: string, result: JobResult): void {
    const job = this.takeRunning(trialId);
    const trial = this.trial(trialId);
    const retried = trial.retrying === true;
    delete trial.retrying;
    // A model of another width (fidelity.resource "scale") started from fresh weights.
    const fromEpoch = job.scale !== undefined ? 0 : trial.epochs;
    trial.epochs = result.epochsDone;
    trial.checkpoint = result.checkpoint;
    // So the trial's curve is that of its current model from now on (its segments say which
    // width each rung had).
    const previousScale = trial.segments[trial.segments.length - 1]?.scale;
    if (job.scale !== undefined && previousScale !== undefined && previousScale !== job.scale) trial.history = [];
    // A retried attempt reports only the epochs it trained itself; keep earlier ones.
    const known = new Set(trial.history.map((m) => m.epoch));
    trial.history.push(...result.history.filter((m) => !known.has(m.epoch)));
    trial.history.sort((a, b) => a.epoch - b.epoch);
    trial.metrics = result.final;
    trial.params = result.params;
    trial.flops = result.flops;
    trial.wallTimeMs += result.wallTimeMs;
    trial.backend = result.backend;
    // Like the backend: what trained the trial most recently (a later rung may take the other path).
    if (result.trainingPath !== undefined) trial.trainingPath = result.trainingPath;
    else delete trial.trainingPath;
    if (trial.morphism !== undefined) {
      if (result.inherited !== undefined) trial.morphism.inherited = result.inherited;
      // So the step does not claim the child started from its parent (trainer/morphism/parent.ts).
      if (result.inheritFallback !== undefined) trial.morphism.parentUnreadable = result.inheritFallback.reason;
      // The child has weights of its own now; a retry resumes from them, never the parent's.
      delete trial.morphism.weightMap;
    }
    trial.segments.push({
      rung: job.rung,
      fromEpoch,
      toEpoch: result.epochsDone,
      attempt: result.attempt ?? 1,
      resumedFromEpoch: result.startEpoch ?? fromEpoch,
      wallTimeMs: result.wallTimeMs,
      ...(job.subset !== undefined ? { subset: job.subset } : {}),
      ...(job.scale !== undefined ? { scale: job.scale } : {}),
      ...(job.subset !== undefined || job.scale !== undefined ? { valAccuracy: result.final.valAccuracy } : {}),
    });
    if (retried) {
      // The bracket decided without this trial; it now stands on its own result.
      trial.status = 'completed';
      delete trial.error;
      return;
    }
    // Until its scheduler decides (apply() below, or a later report), it waits.
    trial.status = 'waiting';
    this.apply(this.scheduler.report(job, result.final.valAccuracy));
  }

  /** Records a training that failed for good (after the activity's retries). */
  failJob(trialId: string, message: string, errorType?: string): void {
    const job = this.takeRunning(trialId);
    const trial = this.trial(trialId);
    trial.status = 'failed';
    trial.error = message;
    if (errorType !== undefined) trial.errorType = errorType;
    if (trial.retrying === true) {
      delete trial.retrying;
      return;
    }
    this.apply(this.scheduler.report(job, null));
  }

  /** Hands a started-but-unfinished job back (a drain before continueAsNew cancelled it). */
  returnJob(trialId: string): void {
    const job = this.takeRunning(trialId);
    this.trial(trialId).status = 'pending';
    this.scheduler.requeue(job);
  }

  /** Finished: budget spent and all told, or stopped with nothing in flight. */
  isDone(): boolean {
    if (this.running.size > 0) return false;
    return this.stopRequested || (this.scheduler.isFinished() && this.retries.length === 0);
  }

  status(): SearchStatus {
    if (!this.isDone()) return 'running';
    if (!this.scheduler.isFinished()) return 'stopped';
    return this.options.failWithoutSuccess === true && this.failureReason() !== undefined ? 'failed' : 'completed';
  }

  /** Live progress; with `page`, also that page of the trials not in the store yet (status query). */
  progress(now: number, page?: TrialPageRequest): SearchProgress {
    const leaderboard = this.leaderboard();
    const schedule = this.scheduler.progress();
    const steps = [...this.archive.morphisms, ...morphismSteps(this.trials)];
    const archived = (s: TrialStatus): number => this.archive.byStatus[s] ?? 0;
    return {
      status: this.status(),
      ...(this.paused ? { paused: true } : {}),
      trialsDone: this.trials.filter((t) => ['completed', 'pruned', 'failed'].includes(t.status)).length + archived('completed') + archived('pruned') + archived('failed'),
      trialsWaiting: this.trials.filter((t) => t.status === 'waiting').length,
      duplicates: this.trials.filter((t) => t.status === 'duplicate').length + archived('duplicate'),
      trialsStarted: this.trials.filter((t) => t.epochs > 0 || t.status === 'running' || t.status === 'failed').length + this.archive.started,
      trialsTotal: this.config.budget.trials,
      running: [...this.running.values()].map((j) => ({
        trialId: j.trialId,
        rung: j.rung,
        targetEpochs: j.targetEpochs,
        ...(j.subset !== undefined ? { subset: j.subset } : {}),
        ...(j.scale !== undefined ? { scale: j.scale } : {}),
      })),
      rungs: schedule.rungs,
      ...(this.config.fidelity.resource !== undefined ? { resource: this.config.fidelity.resource } : {}),
      // With the trial store, finished brackets (one per few trials) stay out of the small query.
      brackets: this.options.trialStore === true ? schedule.brackets.filter((b) => !b.complete) : schedule.brackets,
      ...(leaderboard[0] ? { best: leaderboard[0] } : {}),
      leaderboard: leaderboard.slice(0, 10),
      ...this.front(),
      ...(steps.length > 0 ? { morphisms: steps.slice(-STATUS_MORPHISM_STEPS) } : {}),
      ...(this.latestBackend() ? { backend: this.latestBackend() } : {}),
      startedAt: this.startedAt,
      elapsedMs: now - this.startedAt,
      generation: this.generation,
      ...(page !== undefined ? { page: pageOf(resultTrials(this.trials, this.status()), page) } : {}),
    };
  }

  /**
   * The result as it stands. With the trial store, `trials` holds only the trials not archived
   * yet (none once the search has saved them all); client/search-client.ts reads the rest from
   * `trialStore.location`. With `page`, `trials` is that page of them (result query).
   */
  result(searchId: string, finishedAt: number, page?: TrialPageRequest): SearchResult {
    const bestEntry = this.leaderboard()[0];
    const best = bestEntry ? this.record(bestEntry.trialId) : undefined;
    const final = this.status();
    return {
      searchId,
      status: final,
      ...(best && best.metrics
        ? {
            best: {
              trialId: best.trialId,
              architecture: best.architecture,
              graph: this.space.compile(best.architecture),
              description: best.description,
              metrics: best.metrics,
              params: best.params,
              flops: best.flops,
              epochs: best.epochs,
            },
          }
        : {}),
      ...this.resultTrialsPage(final, page),
      ...(this.options.trialStore === true ? { trialStore: { ...(this.archive.location !== undefined ? { location: this.archive.location } : {}), stored: this.archive.count } } : {}),
      config: this.config,
      ...this.front(),
      ...(this.latestBackend() ? { backend: this.latestBackend() } : {}),
      startedAt: this.startedAt,
      finishedAt,
    };
  }

  private resultTrialsPage(final: SearchStatus, page: TrialPageRequest | undefined): Pick<SearchResult, 'trials' | 'page'> {
    const trials = resultTrials(this.trials, final);
    if (page === undefined) return { trials };
    const { trials: items, ...rest } = pageOf(trials, page);
    return { trials: items, page: rest };
  }

  /**
   * Records the workflow should write to the trial store now: settled trials (final, and told
   * to the strategy) not being written already; with `all`, every trial not archived (the
   * search has ended: nothing changes any more). Empty without the trial store.
   */
  recordsToSave(all = false): TrialRecord[] {
    if (this.options.trialStore !== true) return [];
    const due = this.trials.filter((t) => !this.saving.has(t.trialId) && (all || this.isSettled(t)));
    for (const t of due) this.saving.add(t.trialId);
    return copyJson(due);
  }

  /**
   * The store holds these trials' records now (as handed out by recordsToSave): those still
   * settled leave the state; the others (changed meanwhile) are written again later.
   */
  recordsSaved(trialIds: readonly string[], location: string, all = false): void {
    this.archive.location = location;
    const ids = new Set(trialIds);
    for (const id of trialIds) this.saving.delete(id);
    const leaving = this.trials.filter((t) => ids.has(t.trialId) && (all ? this.isDone() : this.isSettled(t)));
    if (leaving.length === 0) return;
    const gone = new Set(leaving.map((t) => t.trialId));
    const steps = morphismSteps(this.trials).filter((m) => gone.has(m.childId));
    archiveRecords(this.archive, leaving, steps, this.objectives());
    for (const t of leaving) {
      this.byId.delete(t.trialId);
      if (this.byHash.get(t.hash as string) === t) this.byHash.delete(t.hash as string);
      const entry = t.hash !== undefined ? this.archive.networks[t.hash] : undefined;
      if (entry !== undefined && entry[0] === t.trialId) this.archivedById.set(t.trialId, entry);
    }
    this.trials = this.trials.filter((t) => !gone.has(t.trialId));
    if (this.options.compactState === true) this.scheduler.forget?.([...gone]);
  }

  /** A save of these records failed: they stay live and go with a later save. */
  recordsNotSaved(trialIds: readonly string[]): void {
    for (const id of trialIds) this.saving.delete(id);
  }

  /** Trials archived to the trial store. */
  get archivedCount(): number {
    return this.archive.count;
  }

  /** A trial that will never change again: the store may hold it instead of the state. */
  private isSettled(t: TrialRecord): boolean {
    if (t.status === 'duplicate') return true;
    return (t.status === 'completed' || t.status === 'pruned') && this.scheduler.isTold(t.trialId);
  }

  private objectives(): Objective[] | undefined {
    return findStrategy(this.config.strategy.type)?.objectives?.(this.config.strategy);
  }

  /** Trials ranked by validation accuracy; more epochs win ties, then trial order. */
  leaderboard(): LeaderboardEntry[] {
    return leaderboardOf(this.archive.top.length > 0 ? [...this.trials, ...this.archive.top] : this.trials);
  }

  /** The Pareto front when the strategy declares several objectives; nothing otherwise. */
  private front(): { front?: ParetoFrontView } {
    const objectives = this.objectives();
    return objectives === undefined ? {} : { front: frontOf([...this.trials, ...this.archive.front], objectives) };
  }

  trialRecords(): readonly TrialRecord[] {
    return this.trials;
  }

  private launchRetry(trialId: string): LaunchableJob {
    const trial = this.trial(trialId);
    const job: Job = { trialId, bracket: trial.bracket, rung: trial.rung, targetEpochs: this.scheduler.targetEpochs({ trialId, bracket: trial.bracket, rung: trial.rung }) };
    trial.status = 'running';
    trial.retrying = true;
    const { inheritFrom: _inherit, ...launched } = this.launch(job, trial);
    return launched;
  }

  /** Proposes the new trials the scheduler wants now; false when it wants none (or the space ran dry). */
  private openNextBracket(): boolean {
    this.flushTells();
    const request = this.scheduler.wantNew();
    if (request === undefined) return false;
    const ids: string[] = [];
    while (ids.length < request.count) {
      const trial = this.proposeNew(request.bracket);
      // The strategy keeps proposing networks already evaluated: the space has run dry.
      if (trial === undefined) break;
      ids.push(trial.trialId);
    }
    // Fewer than asked ends the budget; handing them over may make earlier tells due.
    this.scheduler.addTrials(ids);
    this.flushTells();
    return ids.length > 0;
  }

  /**
   * Asks the strategy for a network not evaluated yet in this search. A proposal whose
   * canonical hash was seen before is recorded as a duplicate of the first trial with that hash,
   * told to the strategy at once, and not trained; then the strategy is asked again.
   */
  private proposeNew(bracket: number): TrialRecord | undefined {
    for (let attempt = 0; attempt < MAX_DUPLICATES_PER_SLOT; attempt++) {
      const record = this.askTrial(bracket);
      const original = this.byHash.get(record.hash as string);
      const archived = original === undefined ? this.archive.networks[record.hash as string] : undefined;
      if ((original === undefined && archived === undefined) || !this.options.deduplicate) {
        if (original === undefined && archived === undefined) this.byHash.set(record.hash as string, record);
        return record;
      }
      record.status = 'duplicate';
      if (original !== undefined) {
        record.duplicateOf = original.trialId;
        this.strategy.tell(record.trialId, this.duplicateObservation(original));
      } else {
        // An archived network was told long ago; the strategy hears its value and epochs.
        const [trialId, value, epochs] = archived as ArchivedNetwork;
        record.duplicateOf = trialId;
        this.strategy.tell(record.trialId, value === null ? { state: 'duplicate', duplicateOf: trialId } : { state: 'duplicate', duplicateOf: trialId, value, epochs });
      }
    }
    return undefined;
  }

  private askTrial(bracket: number): TrialRecord {
    const index = this.archive.count + this.trials.length;
    const trialId = trialIdFor(index);
    const proposal = this.strategy.ask(trialId);
    const record: TrialRecord = {
      trialId,
      bracket,
      architecture: proposal.architecture,
      hash: this.space.hash(proposal.architecture),
      ...(proposal.parentId !== undefined ? { parentId: proposal.parentId } : {}),
      ...(proposal.morphism !== undefined && proposal.parentId !== undefined ? { morphism: this.morphismOf(proposal.parentId, proposal.morphism) } : {}),
      description: this.space.describe(proposal.architecture),
      seed: trialSeed(this.config.seed, index),
      status: 'pending',
      rung: 0,
      epochs: 0,
      history: [],
      wallTimeMs: 0,
      segments: [],
    };
    this.trials.push(record);
    this.byId.set(trialId, record);
    return record;
  }

  /**
   * The record of a morphism's child. The parent's checkpoint is taken now, when the child is
   * made from it: the parent may train on later (a higher rung) while the child inherits what
   * the strategy saw. Trainings never delete the checkpoint a call started from, so it stays.
   */
  private morphismOf(parentId: string, m: NonNullable<Proposal['morphism']>): TrialMorphism {
    const archived = this.archivedById.get(parentId);
    const checkpoint = this.byId.get(parentId)?.checkpoint ?? (archived !== undefined ? archivedCheckpoint(this.archive, archived) : undefined);
    return {
      operator: m.operator,
      site: m.site,
      exact: m.exact,
      ...(checkpoint !== undefined ? { parentCheckpoint: checkpoint, weightMap: m.weightMap } : {}),
    };
  }

  /** inheritFrom of a morphism's child that has no checkpoint of its own yet. */
  private inheritance(trial: TrialRecord): { inheritFrom?: InheritSpec } {
    const m = trial.morphism;
    if (m?.parentCheckpoint === undefined || m.weightMap === undefined || trial.parentId === undefined) return {};
    return { inheritFrom: { parentTrialId: trial.parentId, checkpoint: m.parentCheckpoint, weightMap: m.weightMap, operator: m.operator } };
  }

  /**
   * What the strategy learns of a duplicate: the original's value only if the strategy was told
   * the original's outcome already, since whether it has finished otherwise depends on timing.
   */
  private duplicateObservation(original: TrialRecord): Observation {
    const told = this.scheduler.isTold(original.trialId);
    const value = told && original.status !== 'failed' ? original.metrics?.valAccuracy : undefined;
    return value === undefined
      ? { state: 'duplicate', duplicateOf: original.trialId }
      : { state: 'duplicate', duplicateOf: original.trialId, value, epochs: original.epochs, ...this.measured(original) };
  }

  /** What a trained trial measured besides its value: final metrics, costs and the learning curve. */
  private measured(t: TrialRecord): Pick<Observation, 'metrics' | 'params' | 'flops' | 'curve' | 'budgets'> {
    const budgets = this.options.resourceBudgets ? resourceBudgets(t) : [];
    return {
      ...(t.metrics ? { metrics: t.metrics } : {}),
      ...(t.params !== undefined ? { params: t.params } : {}),
      ...(t.flops !== undefined ? { flops: t.flops } : {}),
      curve: t.history,
      ...(budgets.length > 0 ? { budgets } : {}),
    };
  }

  private apply(outcome: RungOutcome): void {
    for (const id of [...outcome.promoted, ...(outcome.continued ?? [])]) this.trial(id).status = 'pending';
    for (const id of outcome.pruned) this.trial(id).status = 'pruned';
    for (const [id, stop] of Object.entries(outcome.stopped ?? {})) this.trial(id).earlyStop = stop;
    // A trial stopped by extrapolation did not finish its training, whatever its rung made of it.
    for (const id of outcome.finished) this.trial(id).status = this.trial(id).earlyStop ? 'pruned' : 'completed';
    this.flushTells();
  }

  /** Tells the strategy the outcomes the scheduler says are due, in its order. */
  private flushTells(): void {
    for (const trialId of this.scheduler.takeTells()) {
      const t = this.trial(trialId);
      if (t.status === 'failed' || !t.metrics) {
        // The epochs it trained before failing, if any, are still a learning curve.
        this.strategy.tell(trialId, t.history.length > 0 ? { state: 'failed', curve: t.history } : { state: 'failed' });
      } else {
        this.strategy.tell(trialId, {
          state: t.status === 'completed' ? 'complete' : 'pruned',
          value: t.metrics.valAccuracy,
          epochs: t.epochs,
          ...this.measured(t),
        });
      }
    }
  }

  private takeRunning(trialId: string): RunningJob {
    const job = this.running.get(trialId);
    if (!job) throw new Error(`no running job for trial ${trialId}`);
    this.running.delete(trialId);
    return job;
  }

  private trial(trialId: string): TrialRecord {
    const t = this.byId.get(trialId);
    if (!t) throw new Error(`unknown trial ${trialId}`);
    return t;
  }

  /** A trial's record, live or (slimmed) among the archived best. */
  private record(trialId: string): TrialRecord | undefined {
    return this.byId.get(trialId) ?? this.archive.top.find((t) => t.trialId === trialId);
  }

  private latestBackend(): TrialRecord['backend'] {
    for (let i = this.trials.length - 1; i >= 0; i--) if (this.trials[i].backend) return this.trials[i].backend;
    return this.archive.backend;
  }
}

/** [amount, validation accuracy] at the end of each subset or scale rung a trial trained, in order. */
function resourceBudgets(t: TrialRecord): [number, number][] {
  const points: [number, number][] = [];
  for (const segment of t.segments) {
    const amount = segment.subset ?? segment.scale;
    if (amount !== undefined && segment.valAccuracy !== undefined) points.push([amount, segment.valAccuracy]);
  }
  return points;
}
