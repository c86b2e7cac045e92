// The template's choice program: nodes in order, each asking (when its condition holds) whether
// it is there, its op, its inputs, its merge and its params, whichever are choices. The same
// walk builds the network, so the answers alone decide the graph:
// - an absent node (optional and disabled, or its `when` false) passes its first input through:
//   wherever it is used, that input is used instead;
// - a node whose inputs collapse to the same node takes it once (no merge);
// - nodes whose output no present node uses are dropped (they would not reach the head).
import type { ArchitectureGraph, GraphNode, ParamValue } from '../../../contracts/graph';
import { getOperation } from '../../ops';
import type { Choice, ChoiceProgram, ChoiceValue } from '../choices';
import { allowedBy } from './fields';
import { inputsValue } from './parse';
import { INPUT_ID, type Condition, type ParamCase, type Template, type TemplateArchitecture, type TemplateNode } from './types';

export interface TemplateRun {
  choices: Record<string, ChoiceValue>;
  graph: ArchitectureGraph;
}

type Step<T> = Generator<Choice, T, ChoiceValue>;

function holds(condition: Condition | undefined, answers: ReadonlyMap<string, ChoiceValue>): boolean {
  if (condition === undefined) return true;
  for (const [key, values] of condition) {
    const answer = answers.get(key);
    if (answer === undefined || !values.includes(answer)) return false;
  }
  return true;
}

/** Nodes the head depends on, in their listed order. */
function reachingHead(nodes: readonly GraphNode[]): GraphNode[] {
  const used = new Set([nodes[nodes.length - 1].id]);
  for (const node of [...nodes].reverse()) if (used.has(node.id)) node.inputs.forEach((i) => used.add(i));
  return nodes.filter((n) => used.has(n.id));
}

/** Runs the template: yields its choices, returns the answers and the network they describe. */
export function templateWalk(template: Template): ChoiceProgram<TemplateRun> {
  return function* () {
    const answers = new Map<string, ChoiceValue>();
    function* ask(key: string, options: readonly ChoiceValue[]): Step<ChoiceValue> {
      const value = yield { key, options };
      answers.set(key, value);
      return value;
    }
    // Absent nodes, each to the node it passes through (already resolved, so one lookup suffices).
    const passThrough = new Map<string, string>();
    const resolve = (id: string): string => passThrough.get(id) ?? id;

    function* paramValue(node: TemplateNode, op: string, field: string, cases: readonly ParamCase[]): Step<ParamValue | undefined> {
      const spec = getOperation(op).fields[field];
      for (const c of cases) {
        if (!holds(c.when, answers)) continue;
        const source = c.source;
        if (source.kind === 'value') return source.value;
        if (source.kind === 'choice') {
          // Values another op of the node's choice allows are not offered to this one.
          const options = source.values.filter((v) => allowedBy(spec, v));
          return (yield* ask(`${node.id}.${field}`, options)) as ParamValue;
        }
        // A ref to a choice this network did not make does not apply (the parser makes sure the last case always does).
        const answer = answers.get(source.key);
        if (answer !== undefined) return answer;
      }
      return undefined;
    }

    const nodes: GraphNode[] = [{ id: INPUT_ID, op: 'input', params: {}, inputs: [] }];
    for (const node of template.nodes) {
      let present = holds(node.when, answers);
      if (present && node.optional) present = (yield* ask(`${node.id}.enabled`, [true, false])) === true;
      if (!present) {
        passThrough.set(node.id, resolve(node.inputs[0][0]));
        continue;
      }
      const op = node.opChoice ? String(yield* ask(`${node.id}.op`, node.ops)) : node.ops[0];
      let listed = node.inputs[0];
      if (node.inputsChoice) {
        const picked = yield* ask(`${node.id}.inputs`, node.inputs.map(inputsValue));
        listed = node.inputs.find((option) => inputsValue(option) === picked) as readonly string[];
      }
      const inputs = [...new Set(listed.map(resolve))];
      const graphNode: GraphNode = { id: node.id, op, params: {}, inputs };
      if (inputs.length >= 2) graphNode.merge = node.mergeChoice ? ((yield* ask(`${node.id}.merge`, node.merges)) as GraphNode['merge']) : node.merges[0];
      for (const field of Object.keys(getOperation(op).fields)) {
        const value = yield* paramValue(node, op, field, node.params.get(field) ?? []);
        if (value === undefined) throw new Error(`template node '${node.id}': no case of params.${field} applies`);
        graphNode.params[field] = value;
      }
      nodes.push(graphNode);
    }
    return { choices: Object.fromEntries(answers), graph: { nodes: reachingHead(nodes) } };
  };
}

/** The program strategies see: the same walk, returning the answers as the architecture. */
export function templateProgram(walk: ChoiceProgram<TemplateRun>): ChoiceProgram<TemplateArchitecture> {
  return function* () {
    const run = yield* walk();
    return { type: 'template', choices: run.choices };
  };
}

/** The answer a template network gives to a choice of its program. */
export function templateAnswer(arch: TemplateArchitecture, key: string): ChoiceValue | undefined {
  const choices = (arch as { choices?: unknown }).choices;
  if (typeof choices !== 'object' || choices === null || !Object.prototype.hasOwnProperty.call(choices, key)) return undefined;
  return (choices as Record<string, ChoiceValue>)[key];
}
