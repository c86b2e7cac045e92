// REINFORCE over the choice sequence (the policy-gradient view of Zoph & Le 2017): a factorised
// softmax policy, one table of logits per decision key ("L2.op"), samples each decision of the
// choice program in turn; each result moves the logits of the decisions that produced it by
// learningRate * advantage * (onehot - softmax), the gradient of log pi. The advantage is the
// reward minus an exponential moving-average baseline, divided by a moving estimate of the
// rewards' spread, so the step size does not depend on how close the accuracies are.
import type { Architecture, Observation, Proposal } from '../types';
import { Rng, type RngState } from '../rng';
import type { SearchSpace } from '../spaces/search-space';
import type { ChoiceValue } from '../spaces/choices';
import type { Strategy } from './strategy';
import type { StrategyDefinition } from './definition';
import { type StrategyTrial, TrialLedger, drawNovelNear, propose } from './trials';
import { readObject, readRngState, readSnapshot, readTrials } from './snapshot-check';
import { answersOf, buildByChoices } from './choice-sequence';

export type ReinforceOptions = { type: 'reinforce'; learningRate: number; baselineDecay: number };

/** Logits by decision key, then by the option's JSON text (options are strings, numbers or booleans). */
export type Logits = Record<string, Record<string, number>>;

export interface ReinforceSnapshot<A extends Architecture = Architecture> {
  type: 'reinforce';
  learningRate: number;
  baselineDecay: number;
  rng: RngState;
  trials: StrategyTrial<A>[];
  logits: Logits;
  /** Moving averages of the reward and of its square; absent before the first reward. */
  baseline?: { mean: number; square: number };
}

/** The policy's probabilities over `options` at decision `key`; unseen options have logit 0. */
export function policy(logits: Logits, key: string, options: readonly ChoiceValue[]): number[] {
  const table = logits[key] ?? {};
  const z = options.map((o) => table[JSON.stringify(o)] ?? 0);
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / sum);
}

export class Reinforce<A extends Architecture = Architecture> implements Strategy<ReinforceSnapshot<A>> {
  readonly type = 'reinforce' as const;

  private constructor(
    private readonly space: SearchSpace<A>,
    readonly options: ReinforceOptions,
    private readonly rng: Rng,
    private readonly ledger: TrialLedger<A>,
    private readonly logits: Logits,
    private baseline: { mean: number; square: number } | undefined,
  ) {}

  static create<A extends Architecture>(space: SearchSpace<A>, options: ReinforceOptions, seed: number): Reinforce<A> {
    return new Reinforce(space, checkReinforceOptions(options), new Rng(seed), new TrialLedger<A>((a: A) => space.hash(a)), {}, undefined);
  }

  static restore<A extends Architecture>(space: SearchSpace<A>, options: ReinforceOptions, snapshot: unknown): Reinforce<A> {
    const s = readSnapshot(snapshot, 'reinforce');
    for (const key of ['learningRate', 'baselineDecay'] as const) {
      if (s[key] !== options[key]) throw new Error(`cannot restore reinforce: the snapshot has ${key} ${JSON.stringify(s[key])}, the spec ${options[key]}`);
    }
    const logits = readObject(s.logits, 'reinforce snapshot.logits');
    for (const [key, table] of Object.entries(logits)) {
      for (const [option, v] of Object.entries(readObject(table, `reinforce snapshot.logits[${JSON.stringify(key)}]`))) {
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`reinforce snapshot.logits[${JSON.stringify(key)}][${option}]: expected a finite number, got ${JSON.stringify(v)}`);
      }
    }
    let baseline: { mean: number; square: number } | undefined;
    if (s.baseline !== undefined) {
      const b = readObject(s.baseline, 'reinforce snapshot.baseline');
      if (typeof b.mean !== 'number' || typeof b.square !== 'number') throw new Error(`reinforce snapshot.baseline: expected {mean, square} numbers, got ${JSON.stringify(b)}`);
      baseline = { mean: b.mean, square: b.square };
    }
    const ledger = new TrialLedger((a: A) => space.hash(a), readTrials<A>(s.trials, 'reinforce snapshot.trials'));
    return new Reinforce(space, checkReinforceOptions(options), new Rng(readRngState(s.rng, 'reinforce snapshot.rng')), ledger, JSON.parse(JSON.stringify(logits)) as Logits, baseline);
  }

  ask(trialId: string): Proposal<A> {
    this.ledger.checkNewId(trialId);
    const architecture = drawNovelNear(this.ledger, () =>
      buildByChoices(this.space, (choice) => {
        const p = policy(this.logits, choice.key, choice.options);
        let u = this.rng.next();
        for (let i = 0; i < p.length; i++) {
          u -= p[i];
          if (u < 0) return choice.options[i];
        }
        return choice.options[choice.options.length - 1];
      }),
      this.space,
      this.rng,
    );
    return propose(this.ledger, trialId, architecture, undefined, 'the policy, its mutations and uniform draws gave only networks proposed before: the space may be exhausted');
  }

  /**
   * Every result with a value is a reward for the decisions that produced it, duplicates too
   * (they are the policy's own samples). Failed trials carry no reward and teach nothing.
   */
  tell(trialId: string, observation: Observation): void {
    const trial = this.ledger.tell(trialId, observation);
    const reward = trial.observation?.value;
    if (reward === undefined) return;
    const { baselineDecay: d, learningRate } = this.options;
    const b = this.baseline ?? { mean: reward, square: reward * reward };
    const spread = Math.sqrt(Math.max(b.square - b.mean * b.mean, 0));
    // Until the rewards have spread, the raw difference is the best scale there is.
    const advantage = (reward - b.mean) / (spread > 1e-6 ? spread : 1);
    for (const { choice, value } of answersOf(this.space, trial.architecture)) {
      if (choice.options.length < 2) continue;
      const p = policy(this.logits, choice.key, choice.options);
      const table = (this.logits[choice.key] ??= {});
      choice.options.forEach((o, i) => {
        const k = JSON.stringify(o);
        table[k] = (table[k] ?? 0) + learningRate * advantage * ((o === value ? 1 : 0) - p[i]);
      });
    }
    this.baseline = { mean: d * b.mean + (1 - d) * reward, square: d * b.square + (1 - d) * reward * reward };
  }

  snapshot(): ReinforceSnapshot<A> {
    return {
      type: 'reinforce',
      learningRate: this.options.learningRate,
      baselineDecay: this.options.baselineDecay,
      rng: this.rng.state(),
      trials: this.ledger.snapshot(),
      logits: JSON.parse(JSON.stringify(this.logits)) as Logits,
      ...(this.baseline ? { baseline: { ...this.baseline } } : {}),
    };
  }
}

function checkReinforceOptions(o: ReinforceOptions): ReinforceOptions {
  if (typeof o.learningRate !== 'number' || !(o.learningRate > 0)) throw new Error(`strategy.learningRate must be a number > 0, got ${JSON.stringify(o.learningRate)}`);
  if (typeof o.baselineDecay !== 'number' || !(o.baselineDecay >= 0 && o.baselineDecay < 1)) {
    throw new Error(`strategy.baselineDecay must be a number in [0, 1), got ${JSON.stringify(o.baselineDecay)}`);
  }
  return { type: 'reinforce', learningRate: o.learningRate, baselineDecay: o.baselineDecay };
}

/** `strategy.type: "reinforce"`: `learningRate` (0.2) on the logits, `baselineDecay` (0.9) of the moving-average baseline. */
export const reinforceStrategy: StrategyDefinition<ReinforceOptions> = {
  type: 'reinforce',
  doc: 'factorised softmax policy over the choice sequence trained by REINFORCE with a moving-average baseline',
  keys: ['learningRate', 'baselineDecay'],
  readOptions: (s, r) => ({
    type: 'reinforce',
    learningRate: r.num(s, 'learningRate', 'strategy.learningRate', 0.2, (n) => n > 0 && n <= 100, 'a number in (0, 100]'),
    baselineDecay: r.num(s, 'baselineDecay', 'strategy.baselineDecay', 0.9, (n) => n >= 0 && n < 1, 'a number in [0, 1)'),
  }),
  create: (space, options, seed) => Reinforce.create(space, options, seed),
  restore: (space, options, snapshot) => Reinforce.restore(space, options, snapshot),
};
