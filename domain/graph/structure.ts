// Structural rules of an architecture graph, independent of any input shape: well-formed
// nodes, registered operations with valid parameters, inputs that exist, merges where several
// inputs meet, one input and one head, no cycle, no dead end. Graphs arrive as untyped JSON
// (workflow history, configs, IPC), so every check is defensive.
import { MERGES, type ArchitectureGraph, type GraphNode } from '../../contracts/graph';
import { findOperation, type FieldSpec } from '../ops';

/** Node ids become tfjs layer names (and weight names), so they stay simple. */
const ID_PATTERN = /^[A-Za-z0-9_]{1,64}$/;

const show = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? String(v));

export function nodeLabel(node: { id?: unknown; op?: unknown }): string {
  return `node ${show(node.id)} (${typeof node.op === 'string' ? node.op : '?'})`;
}

function fieldProblem(spec: FieldSpec, value: unknown): string | undefined {
  if (spec.kind === 'int') {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < spec.min || value > spec.max) {
      return `must be an integer between ${spec.min} and ${spec.max}, got ${show(value)}`;
    }
    return undefined;
  }
  if (!spec.values.includes(value as never)) return `must be one of ${spec.values.map(show).join(', ')}, got ${show(value)}`;
  return undefined;
}

function nodeProblems(node: GraphNode, ids: ReadonlySet<string>): string[] {
  const where = nodeLabel(node);
  const op = findOperation(node.op);
  if (op === undefined) return [`${where}: unknown operation ${show(node.op)}`];
  const problems: string[] = [];
  const params = node.params;
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    problems.push(`${where}: params must be an object, got ${show(params)}`);
  } else {
    for (const [field, spec] of Object.entries(op.fields)) {
      if (!(field in params)) problems.push(`${where}: parameter '${field}' is missing (${spec.doc})`);
      else {
        const bad = fieldProblem(spec, params[field]);
        if (bad !== undefined) problems.push(`${where}: parameter '${field}' ${bad}`);
      }
    }
    for (const field of Object.keys(params)) {
      if (!(field in op.fields)) problems.push(`${where}: '${field}' is not a parameter of '${op.name}'`);
    }
  }
  if (!Array.isArray(node.inputs) || !node.inputs.every((i) => typeof i === 'string')) {
    return [...problems, `${where}: inputs must be a list of node ids, got ${show(node.inputs)}`];
  }
  if (op.accepts === 'none' && node.inputs.length > 0) problems.push(`${where}: the input node takes no inputs`);
  if (op.accepts !== 'none' && node.inputs.length === 0) problems.push(`${where}: needs at least one input`);
  if (new Set(node.inputs).size !== node.inputs.length) problems.push(`${where}: an input is listed twice`);
  for (const id of node.inputs) {
    if (!ids.has(id)) problems.push(`${where}: input ${show(id)} is not a node of the graph`);
    if (id === node.id) problems.push(`${where}: takes its own output as input`);
  }
  if (node.inputs.length > 1 && !MERGES.includes(node.merge as never)) {
    problems.push(`${where}: ${node.inputs.length} inputs need a merge, one of ${MERGES.map(show).join(', ')}; got ${show(node.merge)}`);
  }
  if (node.inputs.length <= 1 && node.merge !== undefined) problems.push(`${where}: merge is only meaningful with two or more inputs`);
  return problems;
}

/** Kahn's algorithm, stable in listing order; nodes left over lie on or behind a cycle. */
function topologicalOrder(nodes: readonly GraphNode[]): { order: GraphNode[]; cyclic: GraphNode[] } {
  const pending = new Map(nodes.map((n) => [n.id, new Set(n.inputs)]));
  const order: GraphNode[] = [];
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (const node of nodes) {
      const waiting = pending.get(node.id);
      if (waiting === undefined || waiting.size > 0) continue;
      pending.delete(node.id);
      order.push(node);
      for (const other of pending.values()) other.delete(node.id);
      progressed = true;
    }
  }
  return { order, cyclic: nodes.filter((n) => pending.has(n.id)) };
}

export interface StructureCheck {
  problems: string[];
  /** Nodes in a topological order (inputs before users); complete only when problems is empty. */
  order: GraphNode[];
}

export function checkStructure(graph: unknown): StructureCheck {
  if (typeof graph !== 'object' || graph === null || !Array.isArray((graph as ArchitectureGraph).nodes)) {
    return { problems: [`graph: must be an object with a 'nodes' list, got ${show(graph)}`], order: [] };
  }
  const raw = (graph as ArchitectureGraph).nodes as unknown[];
  const problems: string[] = [];
  const nodes: GraphNode[] = [];
  const ids = new Set<string>();
  raw.forEach((n, i) => {
    if (typeof n !== 'object' || n === null || Array.isArray(n)) {
      problems.push(`nodes[${i}]: must be an object, got ${show(n)}`);
      return;
    }
    const node = n as GraphNode;
    if (typeof node.id !== 'string' || !ID_PATTERN.test(node.id)) {
      problems.push(`nodes[${i}]: id must be 1-64 letters, digits or '_', got ${show(node.id)}`);
    } else if (ids.has(node.id)) {
      problems.push(`nodes[${i}]: id '${node.id}' is used by another node`);
    } else {
      ids.add(node.id);
      nodes.push(node);
    }
  });
  if (problems.length > 0) return { problems, order: [] };
  for (const node of nodes) problems.push(...nodeProblems(node, ids));
  for (const op of ['input', 'head']) {
    const count = nodes.filter((n) => n.op === op).length;
    if (count !== 1) problems.push(`graph: needs exactly one '${op}' node, found ${count}`);
  }
  if (problems.length > 0) return { problems, order: [] };

  const { order, cyclic: blocked } = topologicalOrder(nodes);
  if (blocked.length > 0) {
    // Nodes downstream of a cycle are blocked too; leave out those that feed no blocked node.
    let cyclic = blocked;
    for (let pruned = true; pruned; ) {
      const next = cyclic.filter((n) => cyclic.some((m) => m.inputs.includes(n.id)));
      pruned = next.length < cyclic.length;
      cyclic = next;
    }
    return { problems: [`graph: cycle among nodes ${cyclic.map((n) => `'${n.id}'`).join(', ')}`], order: [] };
  }
  const headNode = nodes.find((n) => n.op === 'head') as GraphNode;
  const used = new Set<string>([headNode.id]);
  for (const node of [...order].reverse()) if (used.has(node.id)) node.inputs.forEach((i) => used.add(i));
  for (const node of order) {
    if (node.op === 'head' && nodes.some((n) => n.inputs.includes(node.id))) problems.push(`${nodeLabel(node)}: the head must be the last node; nothing may take its output`);
    else if (!used.has(node.id)) problems.push(`${nodeLabel(node)}: does not reach the head (its output is never used)`);
  }
  return { problems, order };
}
