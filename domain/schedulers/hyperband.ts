// `fidelity.type: "hyperband"` (Li et al. 2018): successive-halving brackets over several
// minimum fidelities, from the most exploratory (many candidates from the lowest rung) to plain
// full training (few candidates at maxEpochs), cycled until the budget of trials is spent.
//
// It is not written twice: a Hyperband search is the successive-halving pipeline of brackets
// with a plan whose brackets differ in size and in the rung they start at. Rung resolution,
// promotion and the order in which the strategy hears outcomes are successive halving's.
import { readRungOptions, resourceFields, rungKeys } from './options';
import { fidelityRungs } from '../fidelity';
import { SuccessiveHalvingScheduler, type SchedulerState } from './successive-halving';
import type { FidelitySection } from '../config/search-config';
import type { SchedulerDefinition } from './scheduler';

/** One Hyperband bracket: `size` new candidates starting at rung `start`. */
export interface HyperbandBracket {
  size: number;
  start: number;
}

/**
 * Hyperband's brackets for rungs r_0..r_smax: bracket s (s = smax..0) starts at rung smax - s
 * with ceil((smax + 1) / (s + 1) * eta^s) candidates, so that every bracket spends about the
 * same epochs. Example (eta 3, rungs 1/3/9): 9 from 1 epoch, 5 from 3 epochs, 3 at 9 epochs.
 */
export function hyperbandBrackets(rungCount: number, eta: number): HyperbandBracket[] {
  const sMax = rungCount - 1;
  const brackets: HyperbandBracket[] = [];
  for (let s = sMax; s >= 0; s--) {
    // The epsilon keeps float noise (9.000000001) from adding a candidate.
    brackets.push({ size: Math.ceil(((sMax + 1) / (s + 1)) * Math.pow(eta, s) - 1e-9), start: sMax - s });
  }
  return brackets;
}

/** The plan for `trials` candidates: Hyperband's brackets in cycles, the last one cut to the budget. */
export function hyperbandPlan(fidelity: FidelitySection, trials: number): SchedulerState {
  const rungs = fidelityRungs(fidelity);
  return { rungs, eta: fidelity.eta, ...continuePlan(rungs.length, fidelity.eta, [], trials), brackets: [] };
}

/**
 * Keeps the first `kept` brackets' sizes and goes on through the cycle with `left` more
 * candidates, from the cycle position the next bracket has in the plan (bracket i is always
 * cycle[i mod length]), the last one cut to what is left.
 */
function continuePlan(rungCount: number, eta: number, kept: { size: number; start: number }[], left: number): { sizes: number[]; starts: number[] } {
  const cycle = hyperbandBrackets(rungCount, eta);
  const plan = [...kept];
  for (let i = kept.length; left > 0; i++) {
    const b = cycle[i % cycle.length];
    plan.push({ size: Math.min(b.size, left), start: b.start });
    left -= b.size;
  }
  return { sizes: plan.map((b) => b.size), starts: plan.map((b) => b.start) };
}

/**
 * Hyperband is successive halving over its plan of brackets; a raised budget (nas budget)
 * keeps the brackets opened so far and continues the cycle after them, so the search spends
 * the extra candidates as a longer run of the same plan would have.
 */
export class HyperbandScheduler extends SuccessiveHalvingScheduler {
  override raiseBudget(trials: number, apply: boolean): string | undefined {
    const problem = this.openedProblem(trials);
    if (problem === undefined && apply) {
      const opened = this.opened;
      const kept = this.s.sizes.slice(0, opened).map((size, i) => ({ size, start: this.s.starts?.[i] ?? 0 }));
      Object.assign(this.s, continuePlan(this.s.rungs.length, this.s.eta, kept, trials - this.openedTrials()));
    }
    return problem;
  }
}

export const hyperbandScheduler: SchedulerDefinition = {
  type: 'hyperband',
  doc: 'Hyperband: successive-halving brackets from every minimum fidelity between minEpochs and maxEpochs, cycled',
  // bracketSize is derived: domain/config/validate.ts accepts the derived value again (the workflow
  // parses the parsed config) and refuses any other.
  get keys() {
    return ['type', ...rungKeys()];
  },
  readOptions: (section, r) => {
    const options = readRungOptions(section, r, { minEpochs: 1, maxEpochs: 9 });
    const { eta, rungs } = options;
    // Not an option here: the size of the most exploratory bracket, for views.
    const bracketSize = hyperbandBrackets(rungs.length, eta)[0].size;
    return { type: 'hyperband', ...resourceFields(options), eta, bracketSize };
  },
  create: (fidelity, trials) => new HyperbandScheduler({ fidelity, state: hyperbandPlan(fidelity, trials) }),
  restore: (fidelity, state) => new HyperbandScheduler({ fidelity, state: state as SchedulerState }),
};

/** `fidelity.type: "bohb"` (Falkner et al. 2018): Hyperband whose new candidates come from TPE fitted per budget (strategy "bohb"). */
export const bohbScheduler: SchedulerDefinition = {
  ...hyperbandScheduler,
  get keys() {
    return hyperbandScheduler.keys;
  },
  type: 'bohb',
  doc: 'BOHB: Hyperband whose new candidates come from TPE models fitted per fidelity (strategy "bohb")',
  strategyType: 'bohb',
  readOptions: (section, r) => ({ ...hyperbandScheduler.readOptions(section, r), type: 'bohb' }),
};
