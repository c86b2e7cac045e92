// `fidelity.type: "asha"`: asynchronous successive halving (Li et al. 2020). Whenever a slot is
// free, the best trial of the highest rung that has enough results to promote it (it is in the
// top 1/eta of that rung's results so far, and was not promoted yet) continues to the next rung;
// when none can be promoted, a new candidate starts at the bottom rung. No rung waits to be
// complete, so no slot idles while there is work to hand out.
//
// Its decisions depend on the order in which results arrive. The workflow digests results in
// the order its history recorded them, so a search replays exactly from its history, but the
// same config run with another number of workers makes other decisions.
//
// The strategy hears each trial once, at its first result (the bottom rung): a paused trial may
// still be promoted much later, and the strategy should not wait for that.
import { copyJson } from '../json';
import { readRungOptions, resourceFields, rungKeys } from './options';
import { fidelityRungs } from '../fidelity';
import type { FidelitySection } from '../config/search-config';
import type { Job, JobRef, NewTrialsRequest, RungOutcome, Scheduler, SchedulerDefinition, SchedulerProgress } from './scheduler';

export interface AshaState {
  rungs: number[];
  eta: number;
  /** New candidates still allowed (the budget of trials left). */
  budgetLeft: number;
  /** Trials added so far, in order. */
  trialIds: string[];
  /** Results per rung in arrival order; null marks a failed training. */
  results: { trialId: string; score: number | null }[][];
  /** Trials promoted out of each rung. */
  promoted: string[][];
  /** Handed-out jobs not reported yet: trial id -> rung. */
  running: Record<string, number>;
  /** Jobs handed back (drain, restore), to hand out first. */
  requeued: JobRef[];
  /** Trials added but not yet handed out (their first job). */
  fresh: string[];
  /** Trials whose outcome awaits telling, and those told. */
  toTell: string[];
  told: string[];
  /** Set once the last result came in and the paused trials were declared pruned. */
  closed: boolean;
}

/** Ranks a rung's results: best score first, then trial order (never arrival time). */
function ranked(results: AshaState['results'][number]): string[] {
  return results
    .filter((r) => r.score !== null)
    .sort((a, b) => (b.score as number) - (a.score as number) || (a.trialId < b.trialId ? -1 : 1))
    .map((r) => r.trialId);
}

export class AshaScheduler implements Scheduler<AshaState> {
  readonly type = 'asha';
  private readonly s: AshaState;

  constructor(init: { fidelity: FidelitySection; trials: number } | { state: AshaState }) {
    if ('state' in init) {
      this.s = copyJson(init.state);
    } else {
      const rungs = fidelityRungs(init.fidelity);
      this.s = {
        rungs,
        eta: init.fidelity.eta,
        budgetLeft: init.trials,
        trialIds: [],
        results: rungs.map(() => []),
        promoted: rungs.map(() => []),
        running: {},
        requeued: [],
        fresh: [],
        toTell: [],
        told: [],
        closed: false,
      };
    }
  }

  snapshot(): AshaState {
    return copyJson(this.s);
  }

  wantNew(): NewTrialsRequest | undefined {
    if (this.s.budgetLeft <= 0 || this.s.fresh.length > 0 || this.s.requeued.length > 0) return undefined;
    // A promotion goes first: it is the work ASHA prefers to a new candidate.
    if (this.promotion() !== undefined) return undefined;
    return { count: 1, bracket: 0 };
  }

  addTrials(trialIds: string[]): void {
    if (trialIds.length === 0) {
      // The strategy ran dry: no candidate follows.
      this.s.budgetLeft = 0;
      this.close();
      return;
    }
    if (trialIds.length > this.s.budgetLeft) throw new Error(`addTrials: ${trialIds.length} trials exceed the budget left (${this.s.budgetLeft})`);
    this.s.budgetLeft -= trialIds.length;
    this.s.trialIds.push(...trialIds);
    this.s.fresh.push(...trialIds);
  }

  nextJob(): Job | undefined {
    const back = this.s.requeued.shift();
    if (back) return this.hand(back.trialId, back.rung);
    const promotion = this.promotion();
    if (promotion) {
      this.s.promoted[promotion.rung - 1].push(promotion.trialId);
      return this.hand(promotion.trialId, promotion.rung);
    }
    const trialId = this.s.fresh.shift();
    return trialId === undefined ? undefined : this.hand(trialId, 0);
  }

  requeue(job: JobRef): void {
    if (this.s.running[job.trialId] === job.rung) delete this.s.running[job.trialId];
    else if (!this.s.trialIds.includes(job.trialId)) throw new Error(`requeue: unknown trial ${job.trialId}`);
    if (!this.s.requeued.some((j) => j.trialId === job.trialId)) this.s.requeued.unshift({ trialId: job.trialId, bracket: 0, rung: job.rung });
  }

  report(job: JobRef, score: number | null): RungOutcome {
    if (this.s.running[job.trialId] !== job.rung) throw new Error(`report: ${job.trialId} has no job running at rung ${job.rung}`);
    delete this.s.running[job.trialId];
    this.s.results[job.rung].push({ trialId: job.trialId, score });
    const outcome: RungOutcome = { promoted: [], pruned: [], finished: [] };
    if (score !== null && job.rung === this.s.rungs.length - 1) outcome.finished.push(job.trialId);
    // Told at the first result, or at a failure (which ends the trial wherever it happens).
    if (job.rung === 0 || score === null) {
      if (!this.s.told.includes(job.trialId) && !this.s.toTell.includes(job.trialId)) this.s.toTell.push(job.trialId);
    }
    if (this.isDrained()) outcome.pruned = this.close();
    return outcome;
  }

  /**
   * More candidates for a running search (nas budget): they start at the bottom rung whenever
   * no promotion is due, as the first ones did. Refused once the search closed, because closing
   * declared the trials paused below the top rung pruned, and that cannot be taken back.
   */
  raiseBudget(trials: number, apply: boolean): string | undefined {
    if (this.s.closed) return 'budget.trials: asha has ended the search (its paused trials were pruned); start a new one';
    const used = this.s.trialIds.length;
    if (trials <= used) return `budget.trials: ${used} trials were proposed already (got ${trials})`;
    if (apply) this.s.budgetLeft = trials - used;
    return undefined;
  }

  takeTells(): string[] {
    const due = this.s.toTell.splice(0);
    this.s.told.push(...due);
    return due;
  }

  isTold(trialId: string): boolean {
    return this.s.told.includes(trialId);
  }

  isFinished(): boolean {
    return this.s.closed && this.s.toTell.length === 0;
  }

  progress(): SchedulerProgress {
    // One asynchronous "bracket" per rung: how many results it has and how many run there now.
    const running = Object.values(this.s.running);
    return {
      rungs: [...this.s.rungs],
      brackets: this.s.rungs.map((_, rung) => ({
        index: rung,
        rung,
        contenders: running.filter((r) => r === rung).length,
        complete: this.s.closed,
      })),
    };
  }

  targetEpochs(job: JobRef): number {
    return this.s.rungs[job.rung];
  }

  /** The best promotable trial of the highest rung that has one. */
  private promotion(): { trialId: string; rung: number } | undefined {
    for (let rung = this.s.rungs.length - 2; rung >= 0; rung--) {
      const results = this.s.results[rung];
      const top = ranked(results).slice(0, Math.floor(results.length / this.s.eta));
      // A set: the bottom rung of a long search holds hundreds of results, looked up per job.
      const promoted = new Set(this.s.promoted[rung]);
      const trialId = top.find((id) => !promoted.has(id));
      if (trialId !== undefined) return { trialId, rung: rung + 1 };
    }
    return this.lastPromotion();
  }

  /**
   * A budget too small to fill the rungs (fewer than eta^k results at rung k) would end with no
   * trial trained to maxEpochs. So once nothing else is left to do, the best trial of the highest
   * rung below the top continues, until one result stands at the top rung.
   */
  private lastPromotion(): { trialId: string; rung: number } | undefined {
    const top = this.s.rungs.length - 1;
    const idle = Object.keys(this.s.running).length === 0 && this.s.fresh.length === 0 && this.s.requeued.length === 0;
    if (!idle || this.s.budgetLeft > 0 || this.s.results[top].some((r) => r.score !== null)) return undefined;
    for (let rung = top - 1; rung >= 0; rung--) {
      const best = ranked(this.s.results[rung]).find((id) => !this.s.promoted[rung].includes(id));
      if (best !== undefined) return { trialId: best, rung: rung + 1 };
      // The best of this rung went up already (and failed or still climbs): look no lower.
      if (this.s.results[rung].some((r) => r.score !== null)) return undefined;
    }
    return undefined;
  }

  /** Nothing runs, nothing waits, no candidate and no promotion is left. */
  private isDrained(): boolean {
    return (
      Object.keys(this.s.running).length === 0 &&
      this.s.requeued.length === 0 &&
      this.s.fresh.length === 0 &&
      this.s.budgetLeft === 0 &&
      this.promotion() === undefined
    );
  }

  /** Ends the search: trials paused below the top rung are pruned. Returns them. */
  private close(): string[] {
    if (this.s.closed || !this.isDrained()) return [];
    this.s.closed = true;
    const top = this.s.rungs.length - 1;
    const ended = new Set(this.s.results.flatMap((rs, rung) => rs.filter((r) => r.score === null || rung === top).map((r) => r.trialId)));
    return this.s.trialIds.filter((id) => !ended.has(id));
  }

  private hand(trialId: string, rung: number): Job {
    this.s.running[trialId] = rung;
    return { trialId, bracket: 0, rung, targetEpochs: this.s.rungs[rung] };
  }
}

export const ashaScheduler: SchedulerDefinition = {
  type: 'asha',
  doc: 'asynchronous successive halving: promote as soon as a rung has enough results, so no slot idles (decisions follow arrival order)',
  // bracketSize is derived: domain/config/validate.ts accepts the derived value again (the workflow
  // parses the parsed config) and refuses any other.
  get keys() {
    return ['type', ...rungKeys()];
  },
  readOptions: (section, r) => {
    const options = readRungOptions(section, r, { minEpochs: 1, maxEpochs: 9 });
    // Candidates are proposed one at a time.
    return { type: 'asha', ...resourceFields(options), eta: options.eta, bracketSize: 1 };
  },
  create: (fidelity, trials) => new AshaScheduler({ fidelity, trials }),
  restore: (_fidelity, state) => new AshaScheduler({ state: state as AshaState }),
};
