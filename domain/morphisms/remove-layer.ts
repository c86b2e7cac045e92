// Remove a layer (approximate, as in LEMONADE's shrinking): a node with one input and the same
// output shape as its input is dropped and its readers take its input instead. Every other
// layer keeps its weights; the child only approximates its parent and needs a short
// fine-tuning, so the result is marked approximate.
import { ALL_FAMILIES, type MorphismOperator } from './operator';
import { GraphFacts, inheritAll, redirect, weightMap } from './graph-facts';

function removable(facts: GraphFacts, id: string): boolean {
  const node = facts.node(id);
  if (node.op === 'input' || node.op === 'head' || node.inputs.length !== 1) return false;
  const input = node.inputs[0];
  if (JSON.stringify(facts.inputShape.get(id)) !== JSON.stringify(facts.out(id))) return false;
  // A reader that already takes the input would list it twice.
  return (facts.consumers.get(id) ?? []).every((c) => !facts.node(c).inputs.includes(input));
}

export const removeLayer: MorphismOperator = {
  name: 'remove-layer',
  doc: 'remove a shape-preserving layer (approximate: fine-tune the child)',
  exact: false,
  families: ALL_FAMILIES,
  sites(graph, ctx) {
    const facts = new GraphFacts(graph, ctx);
    return facts.order.filter((id) => removable(facts, id));
  },
  apply(graph, site, ctx) {
    const facts = new GraphFacts(graph, ctx);
    if (!removable(facts, site)) throw new Error(`remove-layer: node '${site}' cannot be removed`);
    const input = facts.node(site).inputs[0];
    const rewired = redirect(graph, site, input);
    const child = { nodes: rewired.nodes.filter((n) => n.id !== site) };
    const nodes = inheritAll(child);
    return { graph: child, weightMap: weightMap(nodes, false), operator: 'remove-layer', site };
  },
};
