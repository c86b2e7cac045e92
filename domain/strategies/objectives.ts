// Declared objectives for multi-objective search: a metric and a direction each, and the Pareto
// front of a set of measured results. Pure, shared by the pareto strategy (to pick parents) and
// the engine's result and progress projections (to show the front).
import type { ConfigReader, Json } from '../config/reader';
import { describe, isObject } from '../config/reader';
import type { EpochMetrics } from '../../contracts/training';

export const OBJECTIVE_METRICS = ['valAccuracy', 'valLoss', 'accuracy', 'loss', 'params', 'flops'] as const;
export type ObjectiveMetric = (typeof OBJECTIVE_METRICS)[number];
export type Direction = 'maximize' | 'minimize';
export type Objective = { metric: ObjectiveMetric; direction: Direction };

/** Validation accuracy against parameter count: LEMONADE's accuracy/size trade-off. */
export const DEFAULT_OBJECTIVES: Objective[] = [
  { metric: 'valAccuracy', direction: 'maximize' },
  { metric: 'params', direction: 'minimize' },
];

/** What a result measured, as the objectives read it. */
export interface Measured {
  metrics?: EpochMetrics;
  params?: number;
  flops?: number;
}

/** The objective's value, or undefined when the result lacks it. */
export function objectiveValue(m: Measured, metric: ObjectiveMetric): number | undefined {
  if (metric === 'params' || metric === 'flops') return m[metric];
  return m.metrics?.[metric];
}

/** The values of every objective, or undefined when one is missing. */
export function objectiveValues(m: Measured, objectives: readonly Objective[]): number[] | undefined {
  const values = objectives.map((o) => objectiveValue(m, o.metric));
  return values.every((v) => v !== undefined && Number.isFinite(v)) ? (values as number[]) : undefined;
}

/** a dominates b: at least as good in every objective and better in one. */
export function dominates(a: readonly number[], b: readonly number[], objectives: readonly Objective[]): boolean {
  let better = false;
  for (let i = 0; i < objectives.length; i++) {
    const sign = objectives[i].direction === 'maximize' ? 1 : -1;
    const d = sign * (a[i] - b[i]);
    if (d < 0) return false;
    if (d > 0) better = true;
  }
  return better;
}

/**
 * The members no other member dominates, in input order. Of members with equal values only the
 * first is kept, so the front is a set of distinct trade-offs.
 */
export function paretoFront<T>(items: readonly T[], values: (item: T) => number[], objectives: readonly Objective[]): T[] {
  const vs = items.map(values);
  return items.filter((_, i) =>
    vs.every((other, j) => j === i || (!dominates(other, vs[i], objectives) && !(j < i && other.every((x, k) => x === vs[i][k])))),
  );
}

/** Reads `strategy.objectives`: a list of at least two `{metric, direction}`, each metric once. */
export function readObjectives(s: Json, r: ConfigReader): Objective[] {
  const raw = s.objectives;
  if (raw === undefined) return DEFAULT_OBJECTIVES.map((o) => ({ ...o }));
  const rule =
    `a list of at least two {"metric": ${OBJECTIVE_METRICS.map((m) => `"${m}"`).join(' | ')}, "direction": "maximize" | "minimize"}, ` +
    'e.g. [{"metric": "valAccuracy", "direction": "maximize"}, {"metric": "params", "direction": "minimize"}]';
  if (!Array.isArray(raw) || raw.length < 2) {
    r.problems.push(`strategy.objectives: must be ${rule}, got ${describe(raw)}`);
    return DEFAULT_OBJECTIVES.map((o) => ({ ...o }));
  }
  const out: Objective[] = [];
  raw.forEach((item, i) => {
    const where = `strategy.objectives[${i}]`;
    if (!isObject(item)) {
      r.problems.push(`${where}: must be {"metric": ..., "direction": ...}, got ${describe(item)}`);
      return;
    }
    r.unknownKeys(item, ['metric', 'direction'], where);
    const metric = item.metric as ObjectiveMetric;
    if (!OBJECTIVE_METRICS.includes(metric)) {
      r.problems.push(`${where}.metric: must be one of ${OBJECTIVE_METRICS.map((m) => `"${m}"`).join(', ')}, got ${describe(item.metric)}`);
      return;
    }
    if (item.direction !== 'maximize' && item.direction !== 'minimize') {
      r.problems.push(`${where}.direction: must be "maximize" or "minimize", got ${describe(item.direction)}`);
      return;
    }
    if (out.some((o) => o.metric === metric)) {
      r.problems.push(`${where}.metric: "${metric}" is declared twice; list each metric once`);
      return;
    }
    out.push({ metric, direction: item.direction });
  });
  return out.length >= 2 ? out : DEFAULT_OBJECTIVES.map((o) => ({ ...o }));
}
