// The Pareto front of a multi-objective search as a few readable lines (nas status, nas result).
import type { ParetoFrontView } from '../domain/search/front';

function show(metric: string, v: number): string {
  if (metric === 'valAccuracy' || metric === 'accuracy') return `${(v * 100).toFixed(2)}%`;
  if (metric === 'params' || metric === 'flops') return `${v}`;
  return v.toFixed(4);
}

export function formatFront(front: ParetoFrontView): string[] {
  const header = front.objectives.map((o) => `${o.metric} ${o.direction === 'maximize' ? '↑' : '↓'}`).join(', ');
  return [
    `pareto front (${header}): ${front.members.length} trial${front.members.length === 1 ? '' : 's'}`,
    ...front.members.map((m) => `  ${m.trialId}  ${front.objectives.map((o) => `${o.metric} ${show(o.metric, m.values[o.metric])}`).join('  ')}  ${m.description}`),
  ];
}
