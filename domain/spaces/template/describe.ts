// One line per network for logs and results: the nodes in order, each as `id:signature`, with
// its inputs in brackets when they are not just the node before it. For example
//   stem:conv3x3-16-relu > c1:conv3x3-16-relu-conv-bn-act > add:identity[sum stem,c1] > head(global-avg)
// Every parameter appears (through each operation's own signature), so equal lines mean equal
// networks.
import type { ArchitectureGraph } from '../../../contracts/graph';
import { getOperation } from '../../ops';

export function describeGraph(graph: ArchitectureGraph): string {
  const parts: string[] = [];
  let previous: string | undefined;
  for (const node of graph.nodes) {
    if (node.op === 'input') {
      previous = node.id;
      continue;
    }
    const signature = getOperation(node.op).describe(node.params);
    const plain = node.inputs.length === 1 && node.inputs[0] === previous;
    const inputs = plain ? '' : `[${node.merge ? `${node.merge} ` : ''}${node.inputs.join(',')}]`;
    parts.push(node.op === 'head' ? `${signature}${inputs}` : `${node.id}:${signature}${inputs}`);
    previous = node.id;
  }
  return parts.join(' > ');
}
