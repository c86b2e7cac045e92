// A compact text view of an architecture graph, one node per line in topological order:
//   c0_b0_0  sepconv3x3-8-relu-act-conv-bn <- c0_p0
//   c0_b0    identity <- sum(c0_b0_0, c0_b0_1)
// for logs, `nas validate --spaces` and the README. Each operation describes itself (domain/ops).
import type { ArchitectureGraph } from '../../contracts/graph';
import { getOperation } from '../ops';
import { GraphError } from './errors';
import { checkStructure } from './structure';

export function describeGraph(graph: ArchitectureGraph): string {
  const { problems, order } = checkStructure(graph);
  if (problems.length > 0) throw new GraphError(problems);
  const width = Math.max(...order.map((n) => n.id.length));
  return order
    .map((node) => {
      const what = getOperation(node.op).describe(node.params);
      const from = node.inputs.length === 0 ? '' : node.inputs.length === 1 ? ` <- ${node.inputs[0]}` : ` <- ${node.merge}(${node.inputs.join(', ')})`;
      return `${node.id.padEnd(width)}  ${what}${from}`;
    })
    .join('\n');
}
