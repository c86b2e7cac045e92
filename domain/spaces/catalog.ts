// What `nas validate --spaces` and the README show of each registered family: its one-line
// doc, its options with every default filled in, and an example network (a seeded sample of
// the default space, described by the family and as a graph).
import { ConfigReader } from '../config/reader';
import { graphCosts } from '../graph';
import { Rng } from '../rng';
import type { Architecture } from '../types';
import type { SpaceOptions } from './family';
import { createSpace, findSpaceFamily, spaceFamilyTypes } from './registry';
import type { SearchSpace } from './search-space';

export interface SpaceFamilySummary {
  type: string;
  doc: string;
  defaults: SpaceOptions;
  example: {
    architecture: Architecture;
    description: string;
    /** Nodes of the compiled graph, and its parameters for 28x28x1 inputs and 10 classes. */
    nodes: number;
    params: number;
  };
}

/** The default options of family `type` (its reader given only the type). */
export function defaultSpaceOptions(type: string): SpaceOptions {
  const family = findSpaceFamily(type);
  if (family === undefined) throw new Error(`space.type: unknown search space ${JSON.stringify(type)}; registered: ${spaceFamilyTypes().join(', ')}`);
  const r = new ConfigReader();
  const options = family.readOptions({ type }, r);
  if (r.problems.length > 0) throw new Error(`the defaults of space '${type}' are invalid: ${r.problems.join('; ')}`);
  return options;
}

export function summariseSpaceFamilies(seed = 0): SpaceFamilySummary[] {
  return spaceFamilyTypes().map((type) => {
    const defaults = defaultSpaceOptions(type);
    const space: SearchSpace = createSpace(defaults);
    const architecture = space.sample(new Rng(seed));
    const graph = space.compile(architecture);
    return {
      type,
      doc: (findSpaceFamily(type) as { doc: string }).doc,
      defaults,
      example: { architecture, description: space.describe(architecture), nodes: graph.nodes.length, params: graphCosts(graph, [28, 28, 1], 10).params },
    };
  });
}
