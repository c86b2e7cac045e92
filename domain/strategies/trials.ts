// Bookkeeping every strategy shares: which trials were asked, what was told about them, and
// which architectures have been proposed already. Errors name the call and the trial id, since
// they surface far from here (in a workflow task failure).
import type { Architecture, Observation } from '../types';

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
  const { state, value, epochs, duplicateOf } = obs as Record<string, unknown>;
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
  const out: Observation = { state: state as Observation['state'] };
  if (value !== undefined) out.value = value as number;
  if (epochs !== undefined) out.epochs = epochs as number;
  if (duplicateOf !== undefined) out.duplicateOf = duplicateOf as string;
  return out;
}

export class TrialLedger<A extends Architecture> {
  private readonly trials: StrategyTrial<A>[] = [];
  private readonly byId = new Map<string, StrategyTrial<A>>();
  /** Canonical hashes of every proposal: isomorphic networks count as the same proposal. */
  private readonly seen = new Set<string>();

  /** `trials` in ask order, already checked (see snapshot-check.ts); the ledger keeps copies. */
  constructor(
    private readonly hash: (arch: A) => string,
    trials: readonly StrategyTrial<A>[] = [],
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
    this.seen.add(this.hash(trial.architecture));
  }

  /** Records an observation for an asked, not yet told trial and returns that trial. */
  tell(id: string, obs: Observation): StrategyTrial<A> {
    const trial = this.byId.get(id);
    if (trial === undefined) throw new Error(`tell('${id}'): unknown trial id; it was never asked`);
    if (trial.observation !== undefined) {
      throw new Error(`tell('${id}'): trial was already told (state '${trial.observation.state}')`);
    }
    trial.observation = checkObservation(`tell('${id}')`, obs);
    return trial;
  }

  get(id: string): StrategyTrial<A> | undefined {
    return this.byId.get(id);
  }

  hasProposed(arch: A): boolean {
    return this.seen.has(this.hash(arch));
  }

  /** All trials in ask order, deep-copied. */
  snapshot(): StrategyTrial<A>[] {
    return copyJson(this.trials);
  }
}

/**
 * How many draws to spend looking for an architecture not proposed before. Small spaces can
 * run out of new members, so after this many duplicates the last draw is accepted as is.
 */
export const MAX_NOVELTY_ATTEMPTS = 20;

/** Draws until the result is new to `ledger` or the attempts run out; deterministic in the rng. */
export function drawNovel<A extends Architecture>(ledger: TrialLedger<A>, draw: () => A): A {
  let arch = draw();
  for (let attempt = 1; attempt < MAX_NOVELTY_ATTEMPTS && ledger.hasProposed(arch); attempt++) arch = draw();
  return arch;
}
