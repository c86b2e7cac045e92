// Monte Carlo tree search over the choice sequence (UCT, Kocsis & Szepesvari 2006): a node is a
// prefix of answers, its children the options of the next choice. Each ask descends from the
// root by UCT while a node's children have all been tried, expands one untried child, and
// completes the sequence with uniform random answers (the rollout). Each result is added to
// the nodes of the tree path that produced it, so a node's value is the mean result below it.
//
// Asks outnumber tells while a bracket trains, so a visit counts at ask time (with no value
// yet): pending visits shrink a node's exploration bonus and spread parallel asks apart.
import type { Architecture, Observation, Proposal } from '../types';
import { Rng, type RngState } from '../rng';
import type { SearchSpace } from '../spaces/search-space';
import type { ChoiceValue } from '../spaces/choices';
import type { Strategy } from './strategy';
import type { StrategyDefinition } from './definition';
import { type StrategyTrial, TrialLedger, propose, MAX_NOVELTY_ATTEMPTS } from './trials';
import { readObject, readRngState, readSnapshot, readTrials } from './snapshot-check';

export type MctsOptions = { type: 'mcts'; exploration: number };

/** Statistics of one tree node. */
export interface MctsNode {
  /** Asks whose path went through the node. */
  visits: number;
  /** Results received through it, and their sum. */
  results: number;
  sum: number;
}

export interface MctsSnapshot<A extends Architecture = Architecture> {
  type: 'mcts';
  exploration: number;
  rng: RngState;
  trials: StrategyTrial<A>[];
  /** Nodes of the tree by the JSON text of their prefix ("[]" is the root). */
  nodes: Record<string, MctsNode>;
  /** For each trial, how many answers of its sequence were taken in the tree (the rest rolled out). */
  depths: Record<string, number>;
}

const keyOf = (prefix: readonly ChoiceValue[]): string => JSON.stringify(prefix);

export class MonteCarloTreeSearch<A extends Architecture = Architecture> implements Strategy<MctsSnapshot<A>> {
  readonly type = 'mcts' as const;

  private constructor(
    private readonly space: SearchSpace<A>,
    readonly options: MctsOptions,
    private readonly rng: Rng,
    private readonly ledger: TrialLedger<A>,
    private readonly nodes: Record<string, MctsNode>,
    private readonly depths: Record<string, number>,
  ) {}

  static create<A extends Architecture>(space: SearchSpace<A>, options: MctsOptions, seed: number): MonteCarloTreeSearch<A> {
    return new MonteCarloTreeSearch(space, checkMctsOptions(options), new Rng(seed), new TrialLedger<A>((a: A) => space.hash(a)), {}, {});
  }

  static restore<A extends Architecture>(space: SearchSpace<A>, options: MctsOptions, snapshot: unknown): MonteCarloTreeSearch<A> {
    const s = readSnapshot(snapshot, 'mcts');
    if (s.exploration !== options.exploration) throw new Error(`cannot restore mcts: the snapshot has exploration ${JSON.stringify(s.exploration)}, the spec ${options.exploration}`);
    const nodes: Record<string, MctsNode> = {};
    for (const [key, n] of Object.entries(readObject(s.nodes, 'mcts snapshot.nodes'))) {
      const node = readObject(n, `mcts snapshot.nodes[${key}]`);
      if (![node.visits, node.results, node.sum].every((v) => typeof v === 'number' && Number.isFinite(v))) {
        throw new Error(`mcts snapshot.nodes[${key}]: expected {visits, results, sum} numbers, got ${JSON.stringify(node)}`);
      }
      nodes[key] = { visits: node.visits as number, results: node.results as number, sum: node.sum as number };
    }
    const ledger = new TrialLedger((a: A) => space.hash(a), readTrials<A>(s.trials, 'mcts snapshot.trials'));
    const depths: Record<string, number> = {};
    for (const [id, d] of Object.entries(readObject(s.depths, 'mcts snapshot.depths'))) {
      if (ledger.get(id) === undefined || !Number.isInteger(d)) throw new Error(`mcts snapshot.depths[${id}]: expected the depth of an asked trial, got ${JSON.stringify(d)}`);
      depths[id] = d as number;
    }
    return new MonteCarloTreeSearch(space, checkMctsOptions(options), new Rng(readRngState(s.rng, 'mcts snapshot.rng')), ledger, nodes, depths);
  }

  ask(trialId: string): Proposal<A> {
    this.ledger.checkNewId(trialId);
    let draw = this.descend();
    for (let attempt = 1; attempt < MAX_NOVELTY_ATTEMPTS && this.ledger.hasProposed(draw.architecture); attempt++) draw = this.descend();
    const values = this.space.encode(draw.architecture);
    for (let d = 0; d <= draw.depth; d++) this.node(values.slice(0, d)).visits++;
    this.depths[trialId] = draw.depth;
    return propose(this.ledger, trialId, draw.architecture, undefined, `the tree search found no new network in ${MAX_NOVELTY_ATTEMPTS} descents: the space may be exhausted`);
  }

  /**
   * A result is added along its tree path. Failed trials count as the worst result seen so far
   * (the tree learns to avoid what fails); a duplicate told without a value takes its visit
   * back, since nothing was learnt.
   */
  tell(trialId: string, observation: Observation): void {
    const trial = this.ledger.tell(trialId, observation);
    const depth = this.depths[trialId];
    const values = this.space.encode(trial.architecture).slice(0, depth);
    const obs = trial.observation as Observation;
    if (obs.state === 'duplicate' && obs.value === undefined) {
      for (let d = 0; d <= depth; d++) this.node(values.slice(0, d)).visits--;
      return;
    }
    const value = obs.value ?? this.worst();
    for (let d = 0; d <= depth; d++) {
      const node = this.node(values.slice(0, d));
      node.results++;
      node.sum += value;
    }
  }

  snapshot(): MctsSnapshot<A> {
    return {
      type: 'mcts',
      exploration: this.options.exploration,
      rng: this.rng.state(),
      trials: this.ledger.snapshot(),
      nodes: JSON.parse(JSON.stringify(this.nodes)) as Record<string, MctsNode>,
      depths: { ...this.depths },
    };
  }

  /** Selection by UCT, expansion of one untried child, random rollout; no state changes but the rng. */
  private descend(): { architecture: A; depth: number } {
    const prefix: ChoiceValue[] = [];
    let inTree = true;
    let depth = 0;
    const [lo, hi] = this.range();
    for (let choice = this.space.nextChoice(prefix); choice !== undefined; choice = this.space.nextChoice(prefix)) {
      if (!inTree) {
        prefix.push(this.rng.pick(choice.options));
        continue;
      }
      const parent = this.nodes[keyOf(prefix)];
      const children = choice.options.map((o) => ({ o, n: this.nodes[keyOf([...prefix, o])] }));
      const untried = children.filter((c) => c.n === undefined || c.n.visits === 0);
      if (untried.length > 0) {
        prefix.push(this.rng.pick(untried).o);
        inTree = false;
      } else {
        const logN = Math.log(Math.max(parent?.visits ?? 1, 1));
        const fallback = parent && parent.results > 0 ? parent.sum / parent.results : (lo + hi) / 2;
        let best = children[0];
        let bestScore = -Infinity;
        for (const c of children) {
          const n = c.n as MctsNode;
          const mean = n.results > 0 ? n.sum / n.results : fallback;
          // Values are scaled to [0, 1] by the range seen, so `exploration` means the same for any metric.
          const q = hi > lo ? (mean - lo) / (hi - lo) : 0.5;
          const score = q + this.options.exploration * Math.sqrt(logN / n.visits);
          if (score > bestScore) [best, bestScore] = [c, score];
        }
        prefix.push(best.o);
      }
      depth++;
    }
    return { architecture: this.space.decode(prefix), depth };
  }

  /** Lowest and highest result told so far. */
  private range(): [number, number] {
    const values = this.ledger.all().flatMap((t) => (t.observation?.value !== undefined ? [t.observation.value] : []));
    return values.length === 0 ? [0, 1] : [Math.min(...values), Math.max(...values)];
  }

  private worst(): number {
    return this.range()[0];
  }

  private node(prefix: readonly ChoiceValue[]): MctsNode {
    return (this.nodes[keyOf(prefix)] ??= { visits: 0, results: 0, sum: 0 });
  }
}

function checkMctsOptions(o: MctsOptions): MctsOptions {
  if (typeof o.exploration !== 'number' || !(o.exploration >= 0)) throw new Error(`strategy.exploration must be a number >= 0, got ${JSON.stringify(o.exploration)}`);
  return { type: 'mcts', exploration: o.exploration };
}

/** `strategy.type: "mcts"`: `exploration` (sqrt 2), the UCT constant on results scaled to [0, 1]. */
export const mctsStrategy: StrategyDefinition<MctsOptions> = {
  type: 'mcts',
  doc: 'Monte Carlo tree search (UCT) over the choice sequence, node values from the results below',
  keys: ['exploration'],
  readOptions: (s, r) => ({
    type: 'mcts',
    exploration: r.num(s, 'exploration', 'strategy.exploration', Math.SQRT2, (n) => n >= 0 && n <= 100, 'a number in [0, 100]'),
  }),
  create: (space, options, seed) => MonteCarloTreeSearch.create(space, options, seed),
  restore: (space, options, snapshot) => MonteCarloTreeSearch.restore(space, options, snapshot),
};
