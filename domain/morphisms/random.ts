// One random morphism of a graph: an operator drawn among those allowed that apply somewhere,
// then one of its sites. Deterministic in the Rng, so strategies replay it.
import type { ArchitectureGraph } from '../../contracts/graph';
import type { Rng } from '../rng';
import type { MorphismContext, MorphismOptions, MorphismResult } from './operator';
import { getMorphism } from './registry';

export function randomMorphism(
  graph: ArchitectureGraph,
  operators: readonly string[],
  ctx: MorphismContext,
  rng: Rng,
  options?: MorphismOptions,
): MorphismResult | undefined {
  const usable = operators.map((name) => ({ op: getMorphism(name), sites: getMorphism(name).sites(graph, ctx) })).filter((u) => u.sites.length > 0);
  if (usable.length === 0) return undefined;
  const { op, sites } = rng.pick(usable);
  return op.apply(graph, rng.pick(sites), ctx, rng, options);
}
