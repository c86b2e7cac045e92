// Synchronous successive halving over a pipeline of brackets, as a pure state machine.
//
// A bracket is a group of new candidates proposed together. They all train to rung 0's epochs;
// when every one of them has reported, the best 1/eta continue (from their checkpoints) to the
// next rung and the rest are pruned, until the top rung. Decisions wait for a whole rung, so
// they do not depend on the order or timing in which results arrive.
//
// Brackets overlap so that workers never idle at the end of a rung, yet the strategy still sees
// a fixed sequence of calls: ask(0), ask(1), tell(0), ask(2), tell(1), ... Bracket b+1 may be
// opened (asked) only after bracket b-1 was told, and bracket b is told only after b+1 was
// opened (or no bracket is left to open). Whatever the timing, each ask sees the same tells.
import { copyJson } from '../json';
import { bracketSizes, promotionCount } from './rungs';
import { readRungOptions, resourceFields, rungKeys } from './options';
import { fidelityRungs } from '../fidelity';
import type { FidelitySection } from '../config/search-config';
import type { Job, JobRef, NewTrialsRequest, RungOutcome, Scheduler, SchedulerDefinition, SchedulerProgress } from './scheduler';

export type { Job, RungOutcome } from './scheduler';

export interface BracketState {
  index: number;
  trialIds: string[];
  /** Rung the bracket is currently running. */
  rung: number;
  /** Trials still competing at the current rung, in trial order. */
  contenders: string[];
  /** Contenders not yet handed out as jobs at the current rung. */
  queued: string[];
  /** Scores reported at the current rung; null marks a failed trial. */
  scores: Record<string, number | null>;
  complete: boolean;
  told: boolean;
}

export interface SchedulerState {
  rungs: number[];
  eta: number;
  /** Planned size of every bracket, in opening order. */
  sizes: number[];
  /**
   * Rung each planned bracket starts at (Hyperband's brackets skip the low rungs); absent:
   * every bracket starts at rung 0, as in plain successive halving.
   */
  starts?: number[];
  /**
   * Brackets opened so far: `dropped` forgotten ones (told, every trial archived; patch
   * 'compact-state') followed by `brackets`, so the state keeps only brackets still in play.
   */
  brackets: BracketState[];
  dropped?: number;
}

export class SuccessiveHalvingScheduler implements Scheduler<SchedulerState> {
  readonly type: string;
  protected readonly s: SchedulerState;
  private readonly bracketSize: number;

  /** From options for a search of `trials` candidates, or from a snapshot taken under options `fidelity`. */
  constructor(init: { fidelity: FidelitySection; trials: number } | { fidelity: FidelitySection; state: SchedulerState }) {
    this.type = init.fidelity.type;
    this.bracketSize = init.fidelity.bracketSize;
    if ('state' in init) {
      this.s = copyJson(init.state);
    } else {
      const f = init.fidelity;
      const rungs = fidelityRungs(f);
      this.s = { rungs, eta: f.eta, sizes: bracketSizes(init.trials, f.bracketSize), brackets: [] };
    }
  }

  snapshot(): SchedulerState {
    return copyJson(this.s);
  }

  get rungs(): readonly number[] {
    return this.s.rungs;
  }

  get bracketCount(): number {
    return this.s.sizes.length;
  }

  get openedCount(): number {
    return this.opened;
  }

  /** Brackets opened so far, forgotten ones included. */
  protected get opened(): number {
    return (this.s.dropped ?? 0) + this.s.brackets.length;
  }

  /** The bracket with this index; undefined once forgotten (it was told) or not opened yet. */
  private bracketAt(index: number): BracketState | undefined {
    return this.s.brackets[index - (this.s.dropped ?? 0)];
  }

  /**
   * The engine has archived these trials (the trial store holds them) and will not ask about
   * them again: they leave told brackets, and brackets left empty leave the state. A bracket
   * with a failed trial stays (the trial may be retried). Keeps the state from growing with
   * the search; isTold() of a forgotten trial is false, like that of one never handed over.
   */
  forget(trialIds: readonly string[]): void {
    const gone = new Set(trialIds);
    for (const b of this.s.brackets) {
      if (b.told && b.trialIds.some((id) => gone.has(id))) b.trialIds = b.trialIds.filter((id) => !gone.has(id));
    }
    let drop = 0;
    while (drop < this.s.brackets.length && this.s.brackets[drop].told && this.s.brackets[drop].trialIds.length === 0) drop++;
    if (drop === 0) return;
    this.s.brackets = this.s.brackets.slice(drop);
    this.s.dropped = (this.s.dropped ?? 0) + drop;
  }

  brackets(): readonly BracketState[] {
    return this.s.brackets;
  }

  wantNew(): NewTrialsRequest | undefined {
    const count = this.nextBracketSize();
    return count === 0 ? undefined : { count, bracket: this.opened };
  }

  addTrials(trialIds: string[]): void {
    const size = this.nextBracketSize();
    if (trialIds.length < size) this.endBudgetAt(trialIds.length);
    if (trialIds.length > 0) this.openBracket(trialIds);
  }

  takeTells(): string[] {
    return this.takeBracketsToTell().flatMap((b) => b.trialIds);
  }

  isTold(trialId: string): boolean {
    return this.s.brackets.find((x) => x.trialIds.includes(trialId))?.told === true;
  }

  progress(): SchedulerProgress {
    return {
      rungs: [...this.s.rungs],
      brackets: this.s.brackets.map((b) => ({ index: b.index, rung: b.rung, contenders: b.contenders.length, complete: b.complete })),
    };
  }

  targetEpochs(job: JobRef): number {
    return this.s.rungs[job.rung];
  }

  /** Size of the next bracket to open, or 0 when the budget is spent or ordering forbids it now. */
  nextBracketSize(): number {
    const next = this.opened;
    if (next >= this.s.sizes.length) return 0;
    if (next >= 2 && this.bracketAt(next - 2)?.told === false) return 0;
    return this.s.sizes[next];
  }

  /**
   * Ends the budget early: the next bracket gets `size` trials (0: none) and no bracket follows.
   * For when the strategy can propose no new network.
   */
  endBudgetAt(size: number): void {
    const next = this.opened;
    this.s.sizes = [...this.s.sizes.slice(0, next), ...(size > 0 ? [Math.min(size, this.s.sizes[next] ?? 0)] : [])];
  }

  /** Brackets not yet opened are re-cut from what the larger budget leaves. */
  raiseBudget(trials: number, apply: boolean): string | undefined {
    const problem = this.openedProblem(trials);
    if (problem === undefined && apply) this.s.sizes = [...this.s.sizes.slice(0, this.opened), ...bracketSizes(trials - this.openedTrials(), this.bracketSize)];
    return problem;
  }

  /** Candidates of the brackets opened so far: a raised budget re-plans only what follows them. */
  protected openedTrials(): number {
    return this.s.sizes.slice(0, this.opened).reduce((a, b) => a + b, 0);
  }

  protected openedProblem(trials: number): string | undefined {
    const used = this.openedTrials();
    return trials <= used ? `budget.trials: ${used} trials were proposed already (got ${trials})` : undefined;
  }

  /** Opens the next bracket with freshly asked trials (exactly nextBracketSize() of them). */
  openBracket(trialIds: string[]): void {
    const size = this.nextBracketSize();
    if (size === 0 || trialIds.length !== size) {
      throw new Error(`openBracket: expected ${size} trial ids, got ${trialIds.length}`);
    }
    this.s.brackets.push({
      index: this.opened,
      trialIds: [...trialIds],
      rung: this.s.starts?.[this.opened] ?? 0,
      contenders: [...trialIds],
      queued: [...trialIds],
      scores: {},
      complete: false,
      told: false,
    });
  }

  /** The next job to run, oldest bracket first; undefined when none is ready now. */
  nextJob(): Job | undefined {
    for (const b of this.s.brackets) {
      const trialId = b.queued.shift();
      if (trialId !== undefined) {
        return { trialId, bracket: b.index, rung: b.rung, targetEpochs: this.s.rungs[b.rung] };
      }
    }
    return undefined;
  }

  /** Puts a handed-out job back (e.g. the search drained before running it). */
  requeue(job: JobRef): void {
    const b = this.bracketOf(job);
    if (!b.queued.includes(job.trialId)) b.queued.unshift(job.trialId);
  }

  /** Records a job's score (null when it failed); resolves the rung once all contenders reported. */
  report(job: JobRef, score: number | null): RungOutcome {
    const b = this.bracketOf(job);
    if (!b.contenders.includes(job.trialId)) throw new Error(`report: ${job.trialId} is not competing in bracket ${b.index}`);
    if (job.trialId in b.scores) throw new Error(`report: ${job.trialId} already reported at rung ${b.rung}`);
    b.scores[job.trialId] = score;
    const outcome: RungOutcome = { promoted: [], pruned: [], finished: [] };
    if (b.contenders.some((id) => !(id in b.scores))) return outcome;

    const alive = b.contenders.filter((id) => b.scores[id] !== null);
    if (b.rung === this.s.rungs.length - 1 || alive.length === 0) {
      outcome.finished = alive;
      b.complete = true;
      b.queued = [];
      return outcome;
    }
    // Best score first; equal scores keep trial order so the choice never depends on timing.
    const ranked = [...alive].sort((x, y) => (b.scores[y] as number) - (b.scores[x] as number) || (x < y ? -1 : 1));
    const keep = promotionCount(alive.length, this.s.eta);
    outcome.promoted = ranked.slice(0, keep).sort();
    outcome.pruned = ranked.slice(keep).sort();
    b.rung += 1;
    b.contenders = [...outcome.promoted];
    b.queued = [...outcome.promoted];
    b.scores = {};
    return outcome;
  }

  /** Completed brackets whose tell is due now, in order; marks them told. */
  takeBracketsToTell(): BracketState[] {
    const due: BracketState[] = [];
    const allOpened = this.opened === this.s.sizes.length;
    for (const b of this.s.brackets) {
      if (b.told) continue;
      const successorOpened = this.opened > b.index + 1 || allOpened;
      if (!b.complete || !successorOpened) break;
      b.told = true;
      due.push(b);
    }
    return due;
  }

  /** True when every bracket has been opened, completed and told. */
  isFinished(): boolean {
    return this.opened === this.s.sizes.length && this.s.brackets.every((b) => b.told);
  }

  private bracketOf(job: JobRef): BracketState {
    const b = this.bracketAt(job.bracket);
    if (!b) throw new Error(`unknown bracket ${job.bracket}`);
    if (b.rung !== job.rung) throw new Error(`job for rung ${job.rung} but bracket ${b.index} is at rung ${b.rung}`);
    return b;
  }
}

/** `fidelity.type: "successive-halving"`: brackets of bracketSize candidates over rungs minEpochs..maxEpochs. */
export const successiveHalvingScheduler: SchedulerDefinition = {
  type: 'successive-halving',
  doc: 'synchronous successive halving: brackets of candidates, the best 1/eta of each complete rung continue',
  get keys() {
    return ['type', ...rungKeys(), 'bracketSize'];
  },
  readOptions: (section, r) => {
    const options = readRungOptions(section, r, { minEpochs: 1, maxEpochs: 9 });
    const { eta, rungs } = options;
    // A full bracket keeps one candidate at the top rung: eta^(rungs-1) candidates at the bottom.
    const defaultBracket = Math.max(1, Math.round(Math.pow(eta, rungs.length - 1)));
    const bracketSize = r.int(section, 'bracketSize', 'fidelity.bracketSize', defaultBracket, 1, 100_000);
    return { type: 'successive-halving', ...resourceFields(options), eta, bracketSize };
  },
  create: (fidelity, trials) => new SuccessiveHalvingScheduler({ fidelity, trials }),
  restore: (fidelity, state) => new SuccessiveHalvingScheduler({ fidelity, state: state as SchedulerState }),
};

