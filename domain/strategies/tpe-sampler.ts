// The tree-structured Parzen estimator (Bergstra et al. 2011) over a space's conditional choice
// sequence, as a function of one ranked set of observations: the TPE strategy calls it with all
// its results, a BOHB-style scheduler with the results of one budget.
//
// Settings follow Optuna's TPESampler defaults (independent sampling per parameter, categorical
// kernels): the best gamma(n) = min(ceil(0.1 n), 25) observations form l(x), the rest g(x); each
// decision is drawn as the best of 24 candidates from l(x) by l(x)/g(x); prior weight 1; older
// observations weigh less once there are more than 25. Magic clipping and endpoints only concern
// numeric parameters, so they do not arise here.
import type { Architecture } from '../types';
import type { Rng } from '../rng';
import type { SearchSpace } from '../spaces/search-space';
import type { Choice, ChoiceValue } from '../spaces/choices';
import { answersOf, buildByChoices } from './choice-sequence';

export interface TpeSettings {
  /** Candidates drawn from l(x) per decision; the one with the best l/g is taken. */
  candidates: number;
  /** Weight of the uniform prior, in units of one observation. */
  priorWeight: number;
}

export const TPE_DEFAULTS: TpeSettings = { candidates: 24, priorWeight: 1 };

/** Optuna's default_gamma: how many of n observations count as good. */
export function tpeGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/** Optuna's default_weights: flat for the newest 25, a linear ramp from 1/n for older ones. */
export function tpeWeights(n: number): number[] {
  if (n < 25) return Array.from({ length: n }, () => 1);
  const ramp = Array.from({ length: n - 25 }, (_, i) => (n - 25 === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (n - 26)));
  return [...ramp, ...Array.from({ length: 25 }, () => 1)];
}

/** One result the estimator learns from: its decisions, and its age (smaller is older). */
export interface TpeObservation {
  /** Decision key to value, as answersOf reads them off the architecture. */
  answers: ReadonlyMap<string, ChoiceValue>;
  order: number;
}

export function tpeObservation<A extends Architecture>(space: SearchSpace<A>, arch: A, order: number): TpeObservation {
  return { answers: new Map(answersOf(space, arch).map((a) => [a.choice.key, a.value])), order };
}

/** A categorical Parzen mixture over `options`: one kernel per observation plus the uniform prior. */
function parzen(options: readonly ChoiceValue[], observed: { value: ChoiceValue; weight: number }[], priorWeight: number): number[] {
  const n = options.length;
  const total = observed.reduce((s, o) => s + o.weight, 0) + priorWeight;
  const p = options.map(() => priorWeight / total / n);
  for (const o of observed) {
    const w = o.weight / total;
    const hit = options.indexOf(o.value);
    // Each kernel: prior_weight/n on every option plus 1 on the observed one, normalised.
    for (let i = 0; i < n; i++) p[i] += (w * (priorWeight / n + (i === hit ? 1 : 0))) / (priorWeight + 1);
  }
  return p;
}

/** Observations answering `choice` with a value it still offers, with their age weights. */
function observedAt(choice: Choice, group: readonly TpeObservation[]): { value: ChoiceValue; weight: number }[] {
  const usable = group
    .filter((o) => {
      const v = o.answers.get(choice.key);
      return v !== undefined && choice.options.includes(v);
    })
    .sort((a, b) => a.order - b.order);
  const weights = tpeWeights(usable.length);
  return usable.map((o, i) => ({ value: o.answers.get(choice.key) as ChoiceValue, weight: weights[i] }));
}

function drawIndex(p: readonly number[], rng: Rng): number {
  const u = rng.next() * p.reduce((s, x) => s + x, 0);
  let acc = 0;
  for (let i = 0; i < p.length; i++) {
    acc += p[i];
    if (u < acc) return i;
  }
  return p.length - 1;
}

/** l(x) and g(x) at one choice. */
function densities(choice: Choice, below: readonly TpeObservation[], above: readonly TpeObservation[], settings: TpeSettings): { l: number[]; g: number[] } {
  return { l: parzen(choice.options, observedAt(choice, below), settings.priorWeight), g: parzen(choice.options, observedAt(choice, above), settings.priorWeight) };
}

/** The best of `settings.candidates` draws from l by log l - log g (ties: the first drawn). */
function decide(choice: Choice, { l, g }: { l: number[]; g: number[] }, rng: Rng, settings: TpeSettings): ChoiceValue {
  if (choice.options.length === 1) return choice.options[0];
  let best = -1;
  let bestScore = -Infinity;
  for (let k = 0; k < settings.candidates; k++) {
    const i = drawIndex(l, rng);
    const score = Math.log(l[i]) - Math.log(g[i]);
    if (score > bestScore) [best, bestScore] = [i, score];
  }
  return choice.options[best];
}

/** The TPE decision for one choice: the best of `candidates` draws from l by log l - log g. */
export function tpeDecide(choice: Choice, below: readonly TpeObservation[], above: readonly TpeObservation[], rng: Rng, settings: TpeSettings = TPE_DEFAULTS): ChoiceValue {
  return decide(choice, densities(choice, below, above, settings), rng, settings);
}

/**
 * A sampler for observations ranked best first: the first gamma(n) form l(x), the rest g(x);
 * every decision of the choice program is taken in turn as tpeDecide takes it, so a decision
 * that exists only in some architectures learns only from those. The densities of each
 * decision are computed once per sampler, so repeated draws (looking for a new network) are
 * cheap.
 */
export function tpeSampler<A extends Architecture>(space: SearchSpace<A>, rankedBestFirst: readonly TpeObservation[], settings: TpeSettings = TPE_DEFAULTS): (rng: Rng) => A {
  const nBelow = tpeGamma(rankedBestFirst.length);
  const below = rankedBestFirst.slice(0, nBelow);
  const above = rankedBestFirst.slice(nBelow);
  const memo = new Map<string, { l: number[]; g: number[] }>();
  return (rng) =>
    buildByChoices(space, (choice) => {
      const key = `${choice.key}\u0000${JSON.stringify(choice.options)}`;
      let d = memo.get(key);
      if (d === undefined) {
        d = densities(choice, below, above, settings);
        memo.set(key, d);
      }
      return decide(choice, d, rng, settings);
    });
}

/** One architecture from observations ranked best first (see tpeSampler). */
export function sampleTpe<A extends Architecture>(space: SearchSpace<A>, rankedBestFirst: readonly TpeObservation[], rng: Rng, settings: TpeSettings = TPE_DEFAULTS): A {
  return tpeSampler(space, rankedBestFirst, settings)(rng);
}
