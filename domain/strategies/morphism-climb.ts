// Hill climbing with network morphisms (Elsken et al. 2017, NASH): from the current network,
// make `children` children by a random morphism each, train them briefly from the parent's
// weights (the search's fidelity decides how long), keep the best of the parent and its
// children, repeat. Children start where their parent stood, so a few epochs each are enough
// to climb; with `inherit: false` the same children train from scratch (the baseline that
// shows what inheriting is worth).
//
// Asks may come before tells (several trainings run at once, and schedulers tell a bracket
// after asking the next): until some network is told, asks draw fresh random networks; a
// step's parent is fixed until `children` of its children are told, and asks before that just
// get more children of the same parent.
import type { ArchitectureGraph, FeatureShape } from '../../contracts/graph';
import type { ConfigReader, Json } from '../config/reader';
import { morphismNames, morphisms, randomMorphism, type MorphismContext, type MorphismResult } from '../morphisms';
import { Rng, type RngState } from '../rng';
import { graphArchitecture, withGraphArchitectures } from '../spaces/graph-architecture';
import type { SearchSpace } from '../spaces/search-space';
import type { Architecture, Observation, Proposal } from '../types';
import { readRngState, readSnapshot, readTrials } from './snapshot-check';
import type { Strategy } from './strategy';
import { MAX_NOVELTY_ATTEMPTS, TrialLedger, drawNovel, propose, type StrategyTrial } from './trials';

export type MorphismClimbOptions = {
  /** Children of each parent before the best of them and the parent is kept. */
  children: number;
  /** Morphism operators drawn from (default: the exact ones). */
  operators: string[];
  /** Children start from the parent's weights; false trains the same children from scratch. */
  inherit: boolean;
  /** Relative noise on widened replicas' outgoing weights (0: exact replicas). */
  widenNoise: number;
  /** Sample shape and classes of the dataset, which morphisms need to place layers. */
  inputShape: number[];
  numClasses: number;
};

export const MORPHISM_CLIMB_KEYS = ['morphisms', 'children', 'operators', 'inherit', 'widenNoise', 'inputShape', 'numClasses'] as const;

const bool = (s: Json, key: string, def: boolean, r: ConfigReader): boolean => {
  const v = s[key];
  if (v === undefined) return def;
  if (typeof v !== 'boolean') r.problems.push(`strategy.${key}: must be true or false, got ${JSON.stringify(v)}`);
  return typeof v === 'boolean' ? v : def;
};

/** Reads the morphism keys of a `strategy` section (hillclimb with `morphisms: true`). */
export function readMorphismClimbOptions(s: Json, r: ConfigReader): MorphismClimbOptions {
  const exact = morphisms().filter((m) => m.exact).map((m) => m.name);
  const names = morphismNames();
  // Not r.list: a shape repeats values ([28, 28, 1]).
  const shape = s.inputShape ?? [28, 28, 1];
  const shapeOk = Array.isArray(shape) && shape.length === 3 && shape.every((v) => Number.isInteger(v) && (v as number) > 0);
  if (!shapeOk) r.problems.push(`strategy.inputShape: must be [height, width, channels] of the dataset's samples (positive integers), got ${JSON.stringify(shape)}`);
  const inputShape = shapeOk ? (shape as number[]) : [28, 28, 1];
  return {
    children: r.int(s, 'children', 'strategy.children', 4, 1, 1000),
    operators: r.list<string>(s, 'operators', 'strategy.operators', exact, (v) => names.includes(v as string), names.join('|')),
    inherit: bool(s, 'inherit', true, r),
    widenNoise: r.num(s, 'widenNoise', 'strategy.widenNoise', 0, (n) => n >= 0 && n <= 1, 'a number from 0 to 1'),
    inputShape,
    numClasses: r.int(s, 'numClasses', 'strategy.numClasses', 10, 2, 100_000),
  };
}

export interface MorphismClimbSnapshot {
  type: 'hillclimb';
  morphisms: true;
  rng: RngState;
  trials: StrategyTrial<Architecture>[];
  /** The step's parent (a told trial), absent before any tell. */
  current?: string;
  /** Children of `current` asked in this step. */
  children: string[];
}

export class MorphismClimbing implements Strategy<MorphismClimbSnapshot> {
  readonly type = 'hillclimb' as const;
  private readonly space: SearchSpace<Architecture>;
  private readonly ctx: MorphismContext;

  private constructor(
    space: SearchSpace,
    private readonly options: MorphismClimbOptions,
    private readonly rng: Rng,
    private readonly ledger: TrialLedger<Architecture>,
    private current: string | undefined,
    private children: string[],
  ) {
    this.space = withGraphArchitectures(space);
    this.ctx = { inputShape: options.inputShape as FeatureShape, numClasses: options.numClasses };
  }

  static create(space: SearchSpace, options: MorphismClimbOptions, seed: number): MorphismClimbing {
    const graphs = withGraphArchitectures(space);
    return new MorphismClimbing(space, options, new Rng(seed), new TrialLedger((a: Architecture) => graphs.hash(a)), undefined, []);
  }

  static restore(space: SearchSpace, options: MorphismClimbOptions, snapshot: unknown): MorphismClimbing {
    const s = readSnapshot(snapshot, 'hillclimb');
    if (s.morphisms !== true) throw new Error('cannot restore hillclimb with morphisms from a snapshot of plain hillclimb (strategy.morphisms changed)');
    const graphs = withGraphArchitectures(space);
    const ledger = new TrialLedger((a: Architecture) => graphs.hash(a), readTrials(s.trials, 'hillclimb snapshot.trials'));
    const known = (id: unknown, where: string): string => {
      if (typeof id !== 'string' || ledger.get(id) === undefined) throw new Error(`${where}: ${JSON.stringify(id)} is not an asked trial`);
      return id;
    };
    const current = s.current === undefined ? undefined : known(s.current, 'hillclimb snapshot.current');
    if (!Array.isArray(s.children)) throw new Error(`hillclimb snapshot.children: expected trial ids, got ${JSON.stringify(s.children)}`);
    const children = s.children.map((id, i) => known(id, `hillclimb snapshot.children[${i}]`));
    return new MorphismClimbing(space, options, new Rng(readRngState(s.rng, 'hillclimb snapshot.rng')), ledger, current, children);
  }

  ask(trialId: string): Proposal {
    this.ledger.checkNewId(trialId);
    if (this.current === undefined) {
      const best = this.bestTold();
      if (best === undefined) return propose(this.ledger, trialId, drawNovel(this.ledger, () => this.space.sample(this.rng)));
      this.current = best.id;
      this.children = [];
    }
    const parent = this.ledger.get(this.current) as StrategyTrial<Architecture>;
    const made = this.morph(this.space.compile(parent.architecture));
    if (made === undefined) return propose(this.ledger, trialId, drawNovel(this.ledger, () => this.space.sample(this.rng)));
    this.children.push(trialId);
    const proposal = propose(this.ledger, trialId, graphArchitecture(made.graph), parent.id);
    if (!this.options.inherit) return proposal;
    return { ...proposal, morphism: { operator: made.operator, site: made.site, exact: made.weightMap.exact, weightMap: made.weightMap } };
  }

  /**
   * When `children` children of the step's parent are told, the step ends: the best told
   * network (the parent, one of its children, or a late child of an earlier parent) becomes
   * the next parent; the parent wins ties. Counting told children, not asked ones, keeps the
   * climb moving although a scheduler asks the next bracket before telling the last one.
   */
  tell(trialId: string, observation: Observation): void {
    this.ledger.tell(trialId, observation);
    if (this.current === undefined) return;
    const told = this.children.filter((id) => this.ledger.get(id)?.observation !== undefined);
    if (told.length < this.options.children) return;
    const parent = this.ledger.get(this.current) as StrategyTrial<Architecture>;
    const best = this.bestTold();
    this.current = best !== undefined && valueOf(best) > valueOf(parent) ? best.id : parent.id;
    this.children = [];
  }

  snapshot(): MorphismClimbSnapshot {
    return {
      type: 'hillclimb',
      morphisms: true,
      rng: this.rng.state(),
      trials: this.ledger.snapshot(),
      ...(this.current !== undefined ? { current: this.current } : {}),
      children: [...this.children],
    };
  }

  /**
   * A random morphism of `graph` whose child is new to the search; undefined when none applies
   * or the parent's neighbourhood looks used up (the caller then restarts from a fresh draw).
   */
  private morph(graph: ArchitectureGraph): MorphismResult | undefined {
    for (let attempt = 0; attempt < MAX_NOVELTY_ATTEMPTS; attempt++) {
      const made = randomMorphism(graph, this.options.operators, this.ctx, this.rng, { widenNoise: this.options.widenNoise });
      if (made === undefined) return undefined;
      if (!this.ledger.hasProposed(graphArchitecture(made.graph))) return made;
    }
    return undefined;
  }

  private bestTold(): StrategyTrial<Architecture> | undefined {
    let best: StrategyTrial<Architecture> | undefined;
    for (const t of this.ledger.snapshot()) if (t.observation?.value !== undefined && (best === undefined || valueOf(t) > valueOf(best))) best = t;
    return best;
  }
}

function valueOf(t: StrategyTrial<Architecture>): number {
  return t.observation?.value ?? -Infinity;
}
