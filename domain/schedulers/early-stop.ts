// `fidelity.earlyStop`: learning-curve extrapolation (Domhan et al. 2015) around any scheduler.
// Each job of the inner scheduler is trained in steps of `every` epochs; after each step the
// trial's validation curve so far is extrapolated to maxEpochs, and when the final accuracy is
// below the k-th best final result so far with probability >= `probability`, the trial stops
// there: the inner scheduler gets the score reached as the job's result, and the engine records
// the stop with its prediction in the trial's record.
//
// Whether a trial stops depends on the finals known when its step ends, hence on the order in
// which results arrive (replay from history is exact, as with asha).
import { copyJson } from '../json';
import { predictCurve, probabilityBelow, type CurvePoint } from '../curves/extrapolate';
import type { EarlyStopOptions, FidelitySection } from '../config/search-config';
import type { EarlyStopRecord, Job, JobRef, NewTrialsRequest, RungOutcome, Scheduler, SchedulerProgress } from './scheduler';

export interface EarlyStopState {
  inner: unknown;
  /** The inner job each running step belongs to, and the step's own target. */
  running: Record<string, { job: Job; target: number }>;
  /** Steps decided but not handed out yet (continuations, requeued steps), in order. */
  queued: { job: Job; target: number }[];
  /** Validation accuracy after each step, per trial. */
  curves: Record<string, CurvePoint[]>;
  /** Final accuracies (at maxEpochs) so far, in arrival order (once trials are forgotten: the best topK). */
  finals: number[];
}

export class EarlyStopScheduler implements Scheduler<EarlyStopState> {
  readonly type: string;
  private readonly s: EarlyStopState;

  constructor(
    private readonly inner: Scheduler,
    private readonly options: EarlyStopOptions,
    private readonly maxEpochs: number,
    state?: Omit<EarlyStopState, 'inner'>,
  ) {
    this.type = inner.type;
    this.s = state ? { ...copyJson(state), inner: undefined } : { inner: undefined, running: {}, queued: [], curves: {}, finals: [] };
  }

  snapshot(): EarlyStopState {
    return { ...copyJson(this.s), inner: this.inner.snapshot() };
  }

  wantNew(): NewTrialsRequest | undefined {
    return this.s.queued.length > 0 ? undefined : this.inner.wantNew();
  }

  addTrials(trialIds: string[]): void {
    this.inner.addTrials(trialIds);
  }

  nextJob(): Job | undefined {
    const step = this.s.queued.shift() ?? this.firstStep(this.inner.nextJob());
    if (!step) return undefined;
    this.s.running[step.job.trialId] = step;
    return { ...step.job, targetEpochs: step.target };
  }

  requeue(ref: JobRef): void {
    const step = this.s.running[ref.trialId];
    if (!step) throw new Error(`requeue: no running step for ${ref.trialId}`);
    delete this.s.running[ref.trialId];
    this.s.queued.unshift(step);
  }

  report(ref: JobRef, score: number | null): RungOutcome {
    const step = this.s.running[ref.trialId];
    if (!step) throw new Error(`report: no running step for ${ref.trialId}`);
    delete this.s.running[ref.trialId];
    if (score === null) return this.inner.report(step.job, null);
    const curve = (this.s.curves[ref.trialId] ??= []);
    curve.push({ epoch: step.target, value: score });
    if (step.target >= step.job.targetEpochs) {
      if (step.target >= this.maxEpochs) this.s.finals.push(score);
      return this.inner.report(step.job, score);
    }
    const stop = this.shouldStop(curve);
    if (stop) return { ...this.inner.report(step.job, score), stopped: { [ref.trialId]: stop } };
    // Continue: the next step goes first, before anything new.
    this.s.queued.unshift({ job: step.job, target: Math.min(step.job.targetEpochs, step.target + this.options.every) });
    return { promoted: [], pruned: [], finished: [], continued: [ref.trialId] };
  }

  /** Early stopping changes how a job trains, not how many candidates there are: the inner scheduler decides. */
  raiseBudget(trials: number, apply: boolean): string | undefined {
    if (this.inner.raiseBudget === undefined) return `budget.trials: fidelity.type "${this.type}" cannot raise its budget while running`;
    return this.inner.raiseBudget(trials, apply);
  }

  takeTells(): string[] {
    return this.inner.takeTells();
  }

  isTold(trialId: string): boolean {
    return this.inner.isTold(trialId);
  }

  /**
   * Archived trials' curves are never extended again; of the finals only the best topK are ever
   * read (the threshold is the topK-th best), so the rest go too: decisions stay the same and
   * the state stops growing with the search.
   */
  forget(trialIds: readonly string[]): void {
    for (const id of trialIds) delete this.s.curves[id];
    if (this.s.finals.length > this.options.topK) this.s.finals = [...this.s.finals].sort((a, b) => b - a).slice(0, this.options.topK);
    this.inner.forget?.(trialIds);
  }

  isFinished(): boolean {
    return this.s.queued.length === 0 && Object.keys(this.s.running).length === 0 && this.inner.isFinished();
  }

  progress(): SchedulerProgress {
    return this.inner.progress();
  }

  targetEpochs(ref: JobRef): number {
    return this.s.running[ref.trialId]?.target ?? this.inner.targetEpochs(ref);
  }

  /** The first step of an inner job: `every` epochs past where the trial stands. */
  private firstStep(job: Job | undefined): { job: Job; target: number } | undefined {
    if (!job) return undefined;
    const done = this.s.curves[job.trialId]?.at(-1)?.epoch ?? 0;
    return { job, target: Math.min(job.targetEpochs, done + this.options.every) };
  }

  private shouldStop(curve: CurvePoint[]): EarlyStopRecord | undefined {
    const { topK, probability, minPoints } = this.options;
    if (curve.length < minPoints || this.s.finals.length < topK) return undefined;
    const threshold = [...this.s.finals].sort((a, b) => b - a)[topK - 1];
    const prediction = predictCurve(curve, this.maxEpochs);
    if (!prediction) return undefined;
    const p = probabilityBelow(prediction, threshold);
    if (p < probability) return undefined;
    return { epoch: curve[curve.length - 1].epoch, predicted: prediction.mean, atEpochs: this.maxEpochs, threshold, probabilityBelow: p };
  }
}

/** Wraps `inner` when the options ask for early stopping (fresh, or restored from its snapshot). */
export function withEarlyStop(fidelity: FidelitySection, inner: (innerState?: unknown) => Scheduler, state?: unknown): Scheduler {
  const options = fidelity.earlyStop;
  if (!options) return inner(state);
  if (state === undefined) return new EarlyStopScheduler(inner(), options, fidelity.maxEpochs);
  const s = state as EarlyStopState;
  return new EarlyStopScheduler(inner(s.inner), options, fidelity.maxEpochs, s);
}
