// What `nas validate --spaces` and the README show of each registered family: its one-line
// doc, its options with every default filled in, and an example network (a seeded sample of
// the default space, described by the family and as a graph); or, for a family that needs the
// user's options (a template), what they must give.
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
  /** Absent for a family that has no network without options of the user's (the template family). */
  defaults?: SpaceOptions;
  /** Then: what the options must give, the reader's first problem with none. */
  required?: string;
  example?: {
    architecture: Architecture;
    description: string;
    /** Nodes of the compiled graph, and its parameters for 28x28x1 inputs and 10 classes. */
    nodes: number;
    params: number;
  };
}

export function summariseSpaceFamilies(seed = 0): SpaceFamilySummary[] {
  return spaceFamilyTypes().map((type) => {
    const doc = (findSpaceFamily(type) as { doc: string }).doc;
    const r = new ConfigReader();
    const defaults = (findSpaceFamily(type) as { readOptions: (s: { type: string }, r: ConfigReader) => SpaceOptions }).readOptions({ type }, r);
    if (r.problems.length > 0) return { type, doc, required: r.problems[0] };
    const space: SearchSpace = createSpace(defaults);
    const architecture = space.sample(new Rng(seed));
    const graph = space.compile(architecture);
    return {
      type,
      doc,
      defaults,
      example: { architecture, description: space.describe(architecture), nodes: graph.nodes.length, params: graphCosts(graph, [28, 28, 1], 10).params },
    };
  });
}
