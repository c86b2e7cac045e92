// Shape inference and cost of an architecture graph for a given input shape and class count:
// exact, backend-independent and checkable by hand. Parameter counts match tfjs's
// countParams(); FLOPs are 2 x multiply-accumulates of one forward pass of one sample.
import type { ArchitectureGraph, FeatureShape, GraphNode, Merge } from '../../contracts/graph';
import { ShapeRuleError, getOperation, type OpContext } from '../ops';
import { GraphError } from './errors';
import { checkStructure, nodeLabel } from './structure';

export interface NodeCost {
  id: string;
  op: string;
  /** The node's input after merging (absent for the input node). */
  input?: FeatureShape;
  output: FeatureShape;
  params: number;
  macs: number;
}

export interface GraphCosts {
  /** In topological order, the head last among the nodes that reach it. */
  nodes: NodeCost[];
  params: number;
  flops: number;
}

const fmt = (s: FeatureShape): string => `[${s.join(', ')}]`;

function mergeShapes(node: GraphNode, shapes: FeatureShape[]): FeatureShape {
  if (shapes.length === 1) return shapes[0];
  const merge = node.merge as Merge;
  const listed = shapes.map((s, i) => `${fmt(s)} from '${node.inputs[i]}'`).join(', ');
  if (merge === 'sum') {
    if (shapes.every((s) => fmt(s) === fmt(shapes[0]))) return shapes[0];
    throw new ShapeRuleError(`a sum merge needs inputs of equal shape, got ${listed}`);
  }
  if (shapes.every((s) => s.length === 1)) return [shapes.reduce((sum, s) => sum + s[0], 0)];
  const first = shapes[0];
  if (first.length === 3 && shapes.every((s) => s.length === 3 && s[0] === first[0] && s[1] === first[1])) {
    return [first[0], first[1], shapes.reduce((sum, s) => sum + (s as [number, number, number])[2], 0)];
  }
  throw new ShapeRuleError(`a concat merge needs inputs of equal height and width (or all flat), got ${listed}`);
}

/** Costs of every node; throws GraphError naming each node and rule broken. */
export function graphCosts(graph: ArchitectureGraph, inputShape: FeatureShape, numClasses: number): GraphCosts {
  const { problems, order } = checkStructure(graph);
  if (problems.length > 0) throw new GraphError(problems);
  const ctx: OpContext = { numClasses };
  const outputs = new Map<string, FeatureShape>();
  const nodes: NodeCost[] = [];
  const shapeProblems: string[] = [];
  for (const node of order) {
    const op = getOperation(node.op);
    if (op.accepts === 'none') {
      outputs.set(node.id, inputShape);
      nodes.push({ id: node.id, op: node.op, output: inputShape, params: 0, macs: 0 });
      continue;
    }
    const inputs = node.inputs.map((id) => outputs.get(id));
    // An input that failed already reported its own problem.
    if (inputs.some((s) => s === undefined)) continue;
    try {
      const input = mergeShapes(node, inputs as FeatureShape[]);
      if (op.accepts === 'spatial' && input.length !== 3) {
        throw new ShapeRuleError(`needs a spatial [h, w, c] input, got flat ${fmt(input)} (spatial operations cannot follow a dense layer)`);
      }
      const output = op.outputShape(input, node.params, ctx);
      outputs.set(node.id, output);
      nodes.push({ id: node.id, op: node.op, input, output, params: op.paramCount(input, node.params, ctx), macs: op.macs(input, node.params, ctx) });
    } catch (err) {
      if (!(err instanceof ShapeRuleError)) throw err;
      shapeProblems.push(`${nodeLabel(node)}: ${err.message}`);
    }
  }
  if (shapeProblems.length > 0) throw new GraphError(shapeProblems);
  return {
    nodes,
    params: nodes.reduce((sum, n) => sum + n.params, 0),
    flops: 2 * nodes.reduce((sum, n) => sum + n.macs, 0),
  };
}
