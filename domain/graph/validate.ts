// Validity of an architecture graph: its structure always, its shapes when an input shape is
// given. Problems name the node and the rule it breaks; an empty list means valid.
import type { ArchitectureGraph, FeatureShape } from '../../contracts/graph';
import { GraphError } from './errors';
import { graphCosts } from './shapes';
import { checkStructure } from './structure';

export interface ShapeContext {
  inputShape: FeatureShape;
  numClasses: number;
}

export function validateGraph(graph: unknown, shapes?: ShapeContext): string[] {
  const { problems } = checkStructure(graph);
  if (problems.length > 0 || shapes === undefined) return problems;
  try {
    graphCosts(graph as ArchitectureGraph, shapes.inputShape, shapes.numClasses);
    return [];
  } catch (err) {
    if (err instanceof GraphError) return [...err.problems];
    throw err;
  }
}

/** Throws GraphError listing every problem of `graph`. */
export function assertValidGraph(graph: unknown, shapes?: ShapeContext): asserts graph is ArchitectureGraph {
  const problems = validateGraph(graph, shapes);
  if (problems.length > 0) throw new GraphError(problems);
}
