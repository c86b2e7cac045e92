// Bookkeeping every strategy shares: which trials were asked, what was told about them, and
// which architectures have been proposed already. Errors name the call and the trial id, since
// they surface far from here (in a workflow task failure).
import type { Architecture, Observation, Proposal } from '../types';
import type { EpochMetrics } from '../../contracts/training';
import type { Rng } from '../rng';
import type { SearchMemory } from './definition';

/** One asked trial as a strategy remembers it; plain JSON, part of every snapshot. */
export interface StrategyTrial<A extends Architecture = Architecture> {
  id: string;
  architecture: A;
  /** The trial whose architecture was mutated into this one; absent for random draws. */
  parentId?: string;
  /** Absent until told. */
  observation?: Observation;
}

import { copyJson } from '../json';
export { copyJson };

const STATES: readonly Observation['state'][] = ['complete', 'pruned', 'failed', 'duplicate'];

/**
 * Checks an observation and returns a copy holding only its known fields. A complete trial must
 * carry a value, a failed one must not (strategies read "has a value" as "usable result"), and a
 * pruned one may (its value at the fidelity where it stopped).
 */
export function checkObservation(where: string, obs: unknown): Observation {
  if (typeof obs !== 'object' || obs === null) throw new Error(`${where}: observation must be an object, got ${JSON.stringify(obs)}`);
  const { state, value, epochs, duplicateOf, metrics, params, flops, curve } = obs as Record<string, unknown>;
  if (!STATES.includes(state as Observation['state'])) {
    throw new Error(`${where}: observation.state must be one of ${STATES.join(', ')}, got ${JSON.stringify(state)}`);
  }
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) {
    throw new Error(`${where}: observation.value must be a finite number, got ${typeof value === 'number' ? String(value) : JSON.stringify(value)}`);
  }
  if (state === 'complete' && value === undefined) throw new Error(`${where}: a 'complete' observation needs a value`);
  if (state === 'failed' && value !== undefined) throw new Error(`${where}: a 'failed' observation must not carry a value, got ${value}`);
  if (epochs !== undefined && (typeof epochs !== 'number' || !Number.isInteger(epochs) || epochs < 0)) {
    throw new Error(`${where}: observation.epochs must be a non-negative integer, got ${JSON.stringify(epochs)}`);
  }
  if (state === 'duplicate' && (typeof duplicateOf !== 'string' || duplicateOf.length === 0)) {
    throw new Error(`${where}: a 'duplicate' observation must name the trial it repeats in duplicateOf, got ${JSON.stringify(duplicateOf)}`);
  }
  if (state !== 'duplicate' && duplicateOf !== undefined) throw new Error(`${where}: only a 'duplicate' observation has duplicateOf`);
  for (const [key, n] of [['params', params], ['flops', flops]] as const) {
    if (n !== undefined && (typeof n !== 'number' || !Number.isFinite(n) || n < 0)) {
      throw new Error(`${where}: observation.${key} must be a non-negative number, got ${JSON.stringify(n)}`);
    }
  }
  if (metrics !== undefined) checkMetrics(`${where}: observation.metrics`, metrics);
  if (curve !== undefined) {
    if (!Array.isArray(curve)) throw new Error(`${where}: observation.curve must be a list of epoch metrics, got ${JSON.stringify(curve)}`);
    curve.forEach((m, i) => checkMetrics(`${where}: observation.curve[${i}]`, m));
  }
  const out: Observation = { state: state as Observation['state'] };
  if (value !== undefined) out.value = value as number;
  if (epochs !== undefined) out.epochs = epochs as number;
  if (duplicateOf !== undefined) out.duplicateOf = duplicateOf as string;
  if (metrics !== undefined) out.metrics = copyJson(metrics as EpochMetrics);
  if (params !== undefined) out.params = params as number;
  if (flops !== undefined) out.flops = flops as number;
  if (curve !== undefined) out.curve = copyJson(curve as EpochMetrics[]);
  return out;
}

const METRIC_KEYS = ['epoch', 'loss', 'accuracy', 'valLoss', 'valAccuracy', 'seconds'] as const;

function checkMetrics(where: string, m: unknown): void {
  const ok = typeof m === 'object' && m !== null && METRIC_KEYS.every((k) => typeof (m as Record<string, unknown>)[k] === 'number');
  if (!ok) throw new Error(`${where} must be epoch metrics (${METRIC_KEYS.join(', ')} as numbers), got ${JSON.stringify(m)}`);
}

export class TrialLedger<A extends Architecture> {
  private readonly trials: StrategyTrial<A>[] = [];
  private readonly byId = new Map<string, StrategyTrial<A>>();
  /** Canonical hashes of every proposal: isomorphic networks count as the same proposal. */
  private readonly seen = new Set<string>();
  /**
   * Canonical hashes by the architecture's JSON: hashing compiles the network and runs SHA-256,
   * and model-based strategies draw the same architecture many times while looking for a new
   * one. Derived data (not in snapshots), cleared when large.
   */
  private readonly hashes = new Map<string, string>();

  /**
   * `trials` in ask order, already checked (see snapshot-check.ts); the ledger keeps copies.
   * With `memory`, networks proposed before `trials` count as proposed through it, and
   * compact snapshots leave settled trials out.
   */
  constructor(
    private readonly hash: (arch: A) => string,
    trials: readonly StrategyTrial<A>[] = [],
    private readonly memory?: SearchMemory,
  ) {
    for (const t of trials) this.add(copyJson(t));
  }

  /** Throws unless `id` is a non-empty string never asked before. */
  checkNewId(id: unknown): void {
    if (typeof id !== 'string' || id.length === 0) throw new Error(`ask(${JSON.stringify(id)}): trial id must be a non-empty string`);
    if (this.byId.has(id)) throw new Error(`ask('${id}'): trial id was already asked`);
  }

  add(trial: StrategyTrial<A>): void {
    this.checkNewId(trial.id);
    this.trials.push(trial);
    this.byId.set(trial.id, trial);
    this.seen.add(this.hashOf(trial.architecture));
  }

  /** Records an observation for an asked, not yet told trial and returns that trial. */
  tell(id: string, obs: Observation): StrategyTrial<A> {
    const trial = this.byId.get(id);
    if (trial === undefined) throw new Error(`tell('${id}'): unknown trial id; it was never asked`);
    if (trial.observation !== undefined) {
      throw new Error(`tell('${id}'): trial was already told (state '${trial.observation.state}')`);
    }
    const { curve: _curve, budgets: _budgets, ...kept } = checkObservation(`tell('${id}')`, obs);
    // The curve and the per-rung budgets are not kept: the engine's trial records hold them, and snapshots stay small.
    trial.observation = kept;
    return trial;
  }

  /** The trials in ask order, not copied: read only. */
  all(): readonly StrategyTrial<A>[] {
    return this.trials;
  }

  /** Position of a trial in ask order (its age), -1 if unknown. */
  indexOf(id: string): number {
    const t = this.byId.get(id);
    return t === undefined ? -1 : this.trials.indexOf(t);
  }

  get(id: string): StrategyTrial<A> | undefined {
    return this.byId.get(id);
  }

  hasProposed(arch: A): boolean {
    const h = this.hashOf(arch);
    return this.seen.has(h) || this.memory?.proposed(h) === true;
  }

  private hashOf(arch: A): string {
    const key = JSON.stringify(arch);
    let h = this.hashes.get(key);
    if (h === undefined) {
      if (this.hashes.size >= 4096) this.hashes.clear();
      h = this.hash(arch);
      this.hashes.set(key, h);
    }
    return h;
  }

  /**
   * Trials in ask order, deep-copied: all of them, or with a SearchMemory only those not told
   * yet (tell() needs them) and those in `referenced` (what the strategy's decisions still
   * read): the search's memory stands in for the rest, so the snapshot stays small.
   */
  snapshot(referenced: Iterable<string> = []): StrategyTrial<A>[] {
    if (this.memory === undefined) return copyJson(this.trials);
    const keep = new Set(referenced);
    return copyJson(this.trials.filter((t) => t.observation === undefined || keep.has(t.id)));
  }
}

/**
 * How many draws to spend looking for an architecture not proposed before. Small spaces can
 * run out of new members, so after this many duplicates the last draw is accepted as is.
 */
export const MAX_NOVELTY_ATTEMPTS = 20;

/**
 * Records a new trial and returns its proposal (a copy). A network proposed before gets a
 * `repeatReason`, so a repeat is never silent.
 */
export function propose<A extends Architecture>(ledger: TrialLedger<A>, id: string, architecture: A, parentId?: string, why = `no new network in ${MAX_NOVELTY_ATTEMPTS} draws: the space may be exhausted`): Proposal<A> {
  const repeat = ledger.hasProposed(architecture);
  ledger.add(parentId === undefined ? { id, architecture } : { id, architecture, parentId });
  return {
    architecture: copyJson(architecture),
    ...(parentId !== undefined ? { parentId } : {}),
    ...(repeat ? { repeatReason: why } : {}),
  };
}

/** Draws until the result is new to `ledger` or the attempts run out; deterministic in the rng. */
export function drawNovel<A extends Architecture>(ledger: TrialLedger<A>, draw: () => A): A {
  let arch = draw();
  for (let attempt = 1; attempt < MAX_NOVELTY_ATTEMPTS && ledger.hasProposed(arch); attempt++) arch = draw();
  return arch;
}

/**
 * For model-based strategies, whose draws concentrate as they learn (TPE's argmax of l/g over
 * categorical choices is nearly deterministic): their own draws first, then one-choice
 * mutations of the last one (new, but close to what the model likes), then uniform samples.
 * Every repeat costs the engine a duplicate, and too many in a row end the search as if the
 * space had run dry.
 */
export function drawNovelNear<A extends Architecture>(ledger: TrialLedger<A>, draw: () => A, space: { mutate(a: A, rng: Rng): A; sample(rng: Rng): A }, rng: Rng): A {
  const own = drawNovel(ledger, draw);
  if (!ledger.hasProposed(own)) return own;
  const near = drawNovel(ledger, () => space.mutate(own, rng));
  if (!ledger.hasProposed(near)) return near;
  return drawNovel(ledger, () => space.sample(rng));
}
