// Grow a kernel: a convolution's k x k kernel becomes (k+2) x (k+2) by zero-padding it around
// the centre. With 'same' padding the extra taps read only what the zero weights cancel, so the
// output is unchanged (for strided and dilated convolutions too: the padding grows by one on
// each side, keeping every tap aligned). One exception: a 1x1 kernel with stride 2 over an even
// size gets no padding at all, while a 3x3 one gets its single pad after the input, which
// shifts the centre tap by one: that case is left out.
import { getOperation } from '../ops';
import { ALL_FAMILIES, type MorphismOperator } from './operator';
import { CONV_OPS, GraphFacts, inheritAll, weightMap } from './graph-facts';
import { copyJson } from '../json';

/** Whether padding stays centred (see the exception above). */
function aligned(facts: GraphFacts, id: string): boolean {
  const node = facts.node(id);
  if (node.params.kernelSize !== 1 || node.params.strides !== 2) return true;
  const [h, w] = facts.inputShape.get(id) as number[];
  return h % 2 === 1 && w % 2 === 1;
}

function grown(op: string, kernelSize: number): number | undefined {
  const spec = getOperation(op).fields.kernelSize;
  const next = kernelSize + 2;
  return spec?.kind === 'choice' && spec.values.includes(next) ? next : undefined;
}

export const growKernel: MorphismOperator = {
  name: 'grow-kernel',
  doc: 'zero-pad a convolution kernel to the next larger size',
  exact: true,
  families: ALL_FAMILIES,
  sites(graph, ctx) {
    const facts = new GraphFacts(graph, ctx);
    return facts.order.filter((id) => {
      const n = facts.node(id);
      return CONV_OPS.has(n.op) && grown(n.op, n.params.kernelSize as number) !== undefined && aligned(facts, id);
    });
  },
  apply(graph, site, ctx) {
    const facts = new GraphFacts(graph, ctx);
    const node = facts.node(site);
    const to = grown(node.op, node.params.kernelSize as number);
    if (to === undefined || !aligned(facts, site)) throw new Error(`grow-kernel: node '${site}' has no larger kernel size`);
    const child = copyJson(graph);
    const target = child.nodes.find((n) => n.id === site);
    if (target) target.params.kernelSize = to;
    return {
      graph: child,
      weightMap: weightMap({ ...inheritAll(graph), [site]: { kind: 'inherit', from: site, padKernelTo: to } }, true),
      operator: 'grow-kernel',
      site,
    };
  },
};
