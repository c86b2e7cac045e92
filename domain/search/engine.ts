// The search loop's brain, free of Temporal and tfjs: it decides which trainings to run next
// and digests their results. The workflow only moves jobs between this engine and activities.
//
// Determinism: every decision is a function of the config (seed included) and of the results,
// never of time or arrival order. Rungs resolve only when complete, tells happen in bracket and
// trial order, and trial seeds derive from the search seed and the trial number.
import { copyJson } from '../json';
import { createSpace } from '../space';
import { createStrategy, restoreStrategy } from '../strategies';
import { SuccessiveHalvingScheduler, type Job, type RungOutcome } from '../schedulers/successive-halving';
import { Rng } from '../rng';
import { leaderboardOf } from './leaderboard';
import type { SearchSpace } from '../space/space';
import type { Strategy } from '../strategies/strategy';
import type { SearchConfig } from '../config/search-config';
import type {
  JobResult,
  LeaderboardEntry,
  SearchProgress,
  SearchResult,
  SearchState,
  SearchStatus,
  TrialRecord,
} from './types';
import type { CheckpointRef } from '../../contracts/training';

/** A job enriched with what the trainer needs to run it. */
export interface LaunchableJob extends Job {
  architecture: TrialRecord['architecture'];
  seed: number;
  resumeFrom?: CheckpointRef;
}

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
  private readonly scheduler: SuccessiveHalvingScheduler;
  private readonly trials: TrialRecord[];
  private readonly byId = new Map<string, TrialRecord>();
  private readonly running = new Map<string, Job>();
  private stopRequested: boolean;
  readonly config: SearchConfig;
  readonly startedAt: number;
  readonly generation: number;

  private constructor(state: SearchState, strategy: Strategy | undefined) {
    this.config = state.config;
    this.space = createSpace(state.config.space);
    this.strategy = strategy ?? restoreStrategy(state.config.strategy, this.space, state.strategy);
    this.scheduler = new SuccessiveHalvingScheduler({ state: state.scheduler });
    this.trials = copyJson(state.trials);
    for (const t of this.trials) this.byId.set(t.trialId, t);
    this.stopRequested = state.stopRequested;
    this.startedAt = state.startedAt;
    this.generation = state.generation;
  }

  static create(config: SearchConfig, startedAt: number): SearchEngine {
    const space = createSpace(config.space);
    const strategy = createStrategy(config.strategy, space, config.seed);
    const scheduler = new SuccessiveHalvingScheduler({ fidelity: config.fidelity, trials: config.budget.trials });
    const state: SearchState = {
      config,
      strategy: strategy.snapshot(),
      scheduler: scheduler.snapshot(),
      trials: [],
      stopRequested: false,
      startedAt,
      generation: 1,
    };
    return new SearchEngine(state, strategy);
  }

  /**
   * Resumes from a snapshot. Jobs that were running when it was taken are handed out again,
   * so a snapshot may be taken mid-flight, although the workflow drains first.
   */
  static restore(state: SearchState): SearchEngine {
    const engine = new SearchEngine(state, undefined);
    // Requeueing puts a job at the front of its queue, so go backwards to keep trial order.
    for (const t of [...engine.trials].reverse()) {
      if (t.status === 'running') {
        t.status = 'pending';
        engine.scheduler.requeue({ trialId: t.trialId, bracket: t.bracket, rung: t.rung, targetEpochs: engine.scheduler.rungs[t.rung] });
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
      stopRequested: this.stopRequested,
      startedAt: this.startedAt,
      generation: this.generation + (nextGeneration ? 1 : 0),
    };
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
    if (this.stopRequested) return jobs;
    while (this.running.size < this.config.concurrency) {
      let job = this.scheduler.nextJob();
      if (!job && this.openNextBracket()) job = this.scheduler.nextJob();
      if (!job) break;
      const trial = this.trial(job.trialId);
      trial.status = 'running';
      trial.rung = job.rung;
      this.running.set(job.trialId, job);
      jobs.push({
        ...job,
        architecture: trial.architecture,
        seed: trial.seed,
        ...(trial.checkpoint ? { resumeFrom: trial.checkpoint } : {}),
      });
    }
    return jobs;
  }

  /** Digests a finished training. */
  completeJob(trialId: string, result: JobResult): void {
    const job = this.takeRunning(trialId);
    const trial = this.trial(trialId);
    const fromEpoch = trial.epochs;
    trial.epochs = result.epochsDone;
    trial.checkpoint = result.checkpoint;
    // A retried attempt reports only the epochs it trained itself; keep earlier ones.
    const known = new Set(trial.history.map((m) => m.epoch));
    trial.history.push(...result.history.filter((m) => !known.has(m.epoch)));
    trial.history.sort((a, b) => a.epoch - b.epoch);
    trial.metrics = result.final;
    trial.params = result.params;
    trial.flops = result.flops;
    trial.wallTimeMs += result.wallTimeMs;
    trial.backend = result.backend;
    trial.segments.push({
      rung: job.rung,
      fromEpoch,
      toEpoch: result.epochsDone,
      attempt: result.attempt ?? 1,
      resumedFromEpoch: result.startEpoch ?? fromEpoch,
      wallTimeMs: result.wallTimeMs,
    });
    trial.status = 'pending';
    this.apply(this.scheduler.report(job, result.final.valAccuracy));
  }

  /** Records a training that failed for good (after the activity's retries). */
  failJob(trialId: string, message: string): void {
    const job = this.takeRunning(trialId);
    const trial = this.trial(trialId);
    trial.status = 'failed';
    trial.error = message;
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
    return this.stopRequested || this.scheduler.isFinished();
  }

  status(): SearchStatus {
    if (!this.isDone()) return 'running';
    return this.scheduler.isFinished() ? 'completed' : 'stopped';
  }

  progress(now: number): SearchProgress {
    const leaderboard = this.leaderboard();
    return {
      status: this.status(),
      trialsDone: this.trials.filter((t) => ['completed', 'pruned', 'failed'].includes(t.status)).length,
      trialsStarted: this.trials.filter((t) => t.epochs > 0 || t.status === 'running' || t.status === 'failed').length,
      trialsTotal: this.config.budget.trials,
      running: [...this.running.values()].map((j) => ({ trialId: j.trialId, rung: j.rung, targetEpochs: j.targetEpochs })),
      rungs: [...this.scheduler.rungs],
      brackets: this.scheduler.brackets().map((b) => ({
        index: b.index,
        rung: b.rung,
        contenders: b.contenders.length,
        complete: b.complete,
      })),
      ...(leaderboard[0] ? { best: leaderboard[0] } : {}),
      leaderboard: leaderboard.slice(0, 10),
      ...(this.latestBackend() ? { backend: this.latestBackend() } : {}),
      startedAt: this.startedAt,
      elapsedMs: now - this.startedAt,
      generation: this.generation,
    };
  }

  result(searchId: string, finishedAt: number): SearchResult {
    const bestEntry = this.leaderboard()[0];
    const best = bestEntry ? this.trial(bestEntry.trialId) : undefined;
    const final = this.status();
    return {
      searchId,
      status: final,
      ...(best && best.metrics
        ? {
            best: {
              trialId: best.trialId,
              architecture: best.architecture,
              description: best.description,
              metrics: best.metrics,
              params: best.params,
              flops: best.flops,
              epochs: best.epochs,
            },
          }
        : {}),
      trials: this.trials.map((t) => ({
        trialId: t.trialId,
        // Trials the stop left waiting never ran to the end of their bracket.
        status: final === 'stopped' && t.status === 'pending' ? 'stopped' : t.status,
        rung: t.rung,
        epochs: t.epochs,
        metrics: t.metrics,
        params: t.params,
        flops: t.flops,
        description: t.description,
        architecture: t.architecture,
        wallTimeMs: t.wallTimeMs,
        checkpoint: t.checkpoint,
        history: t.history,
        backend: t.backend,
        segments: t.segments,
        error: t.error,
      })),
      config: this.config,
      ...(this.latestBackend() ? { backend: this.latestBackend() } : {}),
      startedAt: this.startedAt,
      finishedAt,
    };
  }

  /** Trials ranked by validation accuracy; more epochs win ties, then trial order. */
  leaderboard(): LeaderboardEntry[] {
    return leaderboardOf(this.trials);
  }

  trialRecords(): readonly TrialRecord[] {
    return this.trials;
  }

  private openNextBracket(): boolean {
    this.flushTells();
    const size = this.scheduler.nextBracketSize();
    if (size === 0) return false;
    const bracket = this.scheduler.openedCount;
    const ids: string[] = [];
    for (let i = 0; i < size; i++) {
      const index = this.trials.length;
      const trialId = trialIdFor(index);
      const architecture = this.strategy.ask(trialId);
      const record: TrialRecord = {
        trialId,
        bracket,
        architecture,
        description: this.space.describe(architecture),
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
      ids.push(trialId);
    }
    this.scheduler.openBracket(ids);
    // Opening may make the previous bracket's tell due.
    this.flushTells();
    return true;
  }

  private apply(outcome: RungOutcome): void {
    for (const id of outcome.pruned) this.trial(id).status = 'pruned';
    for (const id of outcome.finished) this.trial(id).status = 'completed';
    this.flushTells();
  }

  /** Tells the strategy about brackets that are due, trial by trial in id order. */
  private flushTells(): void {
    for (const bracket of this.scheduler.takeBracketsToTell()) {
      for (const trialId of bracket.trialIds) {
        const t = this.trial(trialId);
        if (t.status === 'failed' || !t.metrics) {
          this.strategy.tell(trialId, { state: 'failed' });
        } else {
          this.strategy.tell(trialId, {
            state: t.status === 'completed' ? 'complete' : 'pruned',
            value: t.metrics.valAccuracy,
            epochs: t.epochs,
          });
        }
      }
    }
  }

  private takeRunning(trialId: string): Job {
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

  private latestBackend(): TrialRecord['backend'] {
    for (let i = this.trials.length - 1; i >= 0; i--) if (this.trials[i].backend) return this.trials[i].backend;
    return undefined;
  }
}
