// Reads a `space` section of type "template" into the parsed template the choice program runs
// on, and into the config form with defaults filled in. Every problem names its path
// (`space.nodes[2].params.filters: ...`) and what would fix it. The checks here are the static
// ones: known ops and params, values the ops allow, ranges, references to earlier nodes and
// choices, conditions that can hold, nodes that reach the head. Whether the networks drawn
// from a template have consistent shapes is checked by drawing some (see space.ts).
import { MERGES, type Merge, type ParamValue } from '../../../contracts/graph';
import { findOperation, operationNames, type OperationDef } from '../../ops';
import { isObject, type Json } from '../../config/reader';
import type { ChoiceValue } from '../choices';
import { allowedBy, isScalar, ruleOf, show } from './fields';
import {
  INPUT_ID,
  type Condition,
  type ConfigTemplateNode,
  type ParamCase,
  type Template,
  type TemplateConfigOptions,
  type TemplateNode,
  type ValueSource,
} from './types';

/** Node ids become tfjs layer names, so they follow the graph's rule. */
const ID_PATTERN = /^[A-Za-z0-9_]{1,64}$/;
const MAX_NODES = 256;
/** Options of one choice; a range that would give more is refused rather than silently huge. */
export const MAX_OPTIONS = 256;
const NODE_KEYS = ['id', 'op', 'inputs', 'merge', 'optional', 'when', 'params'];
export const TEMPLATE_KEYS = ['type', 'nodes', 'defaults'];
/** Operations a template node may not name: the images are implicit, the head is the last node. */
const RESERVED_OPS = ['input', 'head'];

/** A list of options joined for its choice value: ["a", "b"] is "a+b". */
export const inputsValue = (ids: readonly string[]): string => ids.join('+');

const list = (vs: readonly unknown[]): string => vs.map(show).join(', ');

export interface ParsedTemplate {
  /** The config form, defaults filled in; parsing it again gives the same template. */
  options: TemplateConfigOptions;
  template: Template;
}

/** Parses a template; problems are appended to `problems`, and the result must then not be used. */
export function parseTemplate(section: Json, problems: string[]): ParsedTemplate {
  return new TemplateParser(problems).parse(section);
}

class TemplateParser {
  /** Choice keys asked before the point being parsed, with every value each may take, in program order. */
  private readonly known = new Map<string, ChoiceValue[]>();
  /** Keys every network of the template answers (their node is always present, the choice unconditional). */
  private readonly sure = new Set<string>();
  private defaults: Json = {};

  constructor(private readonly problems: string[]) {}

  private problem(path: string, message: string): void {
    this.problems.push(`${path}: ${message}`);
  }

  parse(section: Json): ParsedTemplate {
    for (const key of Object.keys(section)) {
      if (!TEMPLATE_KEYS.includes(key)) this.problem(`space.${key}`, `unknown key; allowed keys in space for type "template": ${TEMPLATE_KEYS.join(', ')}`);
    }
    this.defaults = this.readDefaults(section.defaults);
    const raw = section.nodes;
    if (!Array.isArray(raw) || raw.length === 0) {
      this.problem('space.nodes', `must be a non-empty list of nodes, the last one the classifier {"id": "head", "op": "head", ...}; got ${show(raw)}`);
      return { options: { type: 'template', nodes: [] }, template: { nodes: [] } };
    }
    if (raw.length > MAX_NODES) this.problem('space.nodes', `at most ${MAX_NODES} nodes, got ${raw.length}`);
    const allIds = raw.map((n) => (isObject(n) ? n.id : undefined));
    const nodes: TemplateNode[] = [];
    const positions: number[] = [];
    const configNodes: ConfigTemplateNode[] = [];
    raw.forEach((n, i) => {
      const parsed = this.readNode(n, i, raw.length, allIds, nodes);
      if (parsed === undefined) return;
      nodes.push(parsed.node);
      positions.push(i);
      configNodes.push(parsed.config);
    });
    this.checkEveryNodeIsUsed(nodes, positions);
    return { options: { type: 'template', nodes: configNodes }, template: { nodes } };
  }

  private readDefaults(raw: unknown): Json {
    if (raw === undefined) return {};
    if (!isObject(raw)) {
      this.problem('space.defaults', `must be an object of param values used by every node that has the param, e.g. {"activation": "relu"}; got ${show(raw)}`);
      return {};
    }
    const fields = new Set(operationNames().flatMap((name) => Object.keys(findOperation(name)?.fields ?? {})));
    for (const key of Object.keys(raw)) {
      if (!fields.has(key)) this.problem(`space.defaults.${key}`, `not a parameter of any operation; parameters: ${[...fields].join(', ')}`);
    }
    return raw;
  }

  private readNode(
    raw: unknown,
    i: number,
    count: number,
    allIds: readonly unknown[],
    earlier: readonly TemplateNode[],
  ): { node: TemplateNode; config: ConfigTemplateNode } | undefined {
    const path = `space.nodes[${i}]`;
    if (!isObject(raw)) {
      this.problem(path, `must be an object such as {"id": "c1", "op": "conv", "params": {...}}, got ${show(raw)}`);
      return undefined;
    }
    for (const key of Object.keys(raw)) {
      if (!NODE_KEYS.includes(key)) this.problem(`${path}.${key}`, `unknown key; allowed keys of a node: ${NODE_KEYS.join(', ')}`);
    }
    const id = this.readId(raw.id, `${path}.id`, allIds, i);
    const isHead = i === count - 1;
    const ops = this.readOps(raw.op, `${path}.op`, isHead);
    const optional = this.readOptional(raw.optional, `${path}.optional`, isHead);
    const when = raw.when === undefined ? undefined : isHead ? this.refuse(`${path}.when`, 'the head is always there; remove when') : this.readCondition(raw.when, `${path}.when`);
    const previous = i === 0 ? INPUT_ID : earlier[earlier.length - 1]?.id ?? INPUT_ID;
    const inputs = this.readInputs(raw.inputs, `${path}.inputs`, allIds, i, previous);
    const mayMerge = inputs.options.some((o) => o.length >= 2);
    const merge = this.readMerge(raw.merge, `${path}.merge`, mayMerge);

    // The keys this node asks before its params, in the program's order.
    const always = when === undefined && !optional;
    const declare = (key: string, values: ChoiceValue[], sure: boolean): void => {
      this.known.set(key, values);
      if (sure) this.sure.add(key);
    };
    if (optional) declare(`${id}.enabled`, [true, false], when === undefined);
    if (ops.values.length > 1 || ops.choice) declare(`${id}.op`, ops.values, always);
    if (inputs.choice) declare(`${id}.inputs`, inputs.options.map(inputsValue), always);
    if (merge.choice) declare(`${id}.merge`, merge.values, false);

    const params = this.readParams(raw.params, path, id, ops.values, always);
    const node: TemplateNode = {
      id,
      ops: ops.values,
      opChoice: ops.choice,
      inputs: inputs.options,
      inputsChoice: inputs.choice,
      merges: merge.values,
      mergeChoice: merge.choice,
      optional,
      ...(when ? { when: when.parsed } : {}),
      params: params.parsed,
    };
    const config: ConfigTemplateNode = {
      id,
      op: ops.choice ? { choice: ops.values } : ops.values[0] ?? '?',
      inputs: inputs.choice ? { choice: inputs.options.map((o) => [...o]) } : [...(inputs.options[0] ?? [])],
      ...(merge.values.length > 0 ? { merge: merge.choice ? { choice: merge.values } : merge.values[0] } : {}),
      ...(optional ? { optional } : {}),
      ...(when ? { when: when.config } : {}),
      params: params.config,
    };
    return { node, config };
  }

  private refuse(path: string, message: string): undefined {
    this.problem(path, message);
    return undefined;
  }

  private readId(raw: unknown, path: string, allIds: readonly unknown[], i: number): string {
    const fallback = `node${i}`;
    if (typeof raw !== 'string' || !ID_PATTERN.test(raw)) {
      this.problem(path, `must be 1-64 letters, digits or '_' (it names the node's layers), got ${show(raw)}`);
      return fallback;
    }
    if (raw === INPUT_ID) {
      this.problem(path, `"${INPUT_ID}" is the images' node; name this node otherwise`);
      return fallback;
    }
    if (allIds.indexOf(raw) !== i) {
      this.problem(path, `${show(raw)} is also the id of space.nodes[${allIds.indexOf(raw)}]; ids must be unique`);
      return fallback;
    }
    return raw;
  }

  private readOps(raw: unknown, path: string, isHead: boolean): { values: string[]; choice: boolean } {
    const usable = operationNames().filter((n) => !RESERVED_OPS.includes(n));
    if (isHead) {
      if (raw !== 'head') {
        this.problem(path, `the last node is the classifier: its op must be "head" (params.pooling: "flatten" or "global-avg"), got ${show(raw)}`);
      }
      return { values: ['head'], choice: false };
    }
    const check = (op: unknown, where: string): op is string => {
      if (typeof op === 'string' && usable.includes(op)) return true;
      const why = op === 'head' ? 'only the last node is the head' : op === 'input' ? `the images are the implicit node "${INPUT_ID}"` : 'unknown operation';
      this.problem(where, `${why}: ${show(op)}; operations: ${usable.join(', ')}`);
      return false;
    };
    if (typeof raw === 'string') return check(raw, path) ? { values: [raw], choice: false } : { values: [], choice: false };
    const options = this.readChoiceList(raw, path, 'an operation name such as "conv", or {"choice": ["conv", "sepconv"]}');
    if (options === undefined) return { values: [], choice: false };
    const values = options.filter((op, k): op is string => check(op, `${path}.choice[${k}]`));
    return { values, choice: true };
  }

  /** `{"choice": [...]}`: a non-empty list without repeats; undefined (reported) otherwise. */
  private readChoiceList(raw: unknown, path: string, expected: string): unknown[] | undefined {
    if (!isObject(raw) || !('choice' in raw)) {
      this.problem(path, `must be ${expected}, got ${show(raw)}`);
      return undefined;
    }
    for (const key of Object.keys(raw)) if (key !== 'choice') this.problem(`${path}.${key}`, 'unknown key; a choice has only "choice"');
    const options = raw.choice;
    if (!Array.isArray(options) || options.length === 0) {
      this.problem(`${path}.choice`, `must be a non-empty list, got ${show(options)}`);
      return undefined;
    }
    if (options.length > MAX_OPTIONS) this.problem(`${path}.choice`, `at most ${MAX_OPTIONS} options, got ${options.length}`);
    const texts = options.map((o) => JSON.stringify(o));
    if (new Set(texts).size !== texts.length) this.problem(`${path}.choice`, `must not repeat an option, got ${show(options)}`);
    return options;
  }

  private readOptional(raw: unknown, path: string, isHead: boolean): boolean {
    if (raw === undefined) return false;
    if (typeof raw !== 'boolean') {
      this.problem(path, `must be true or false, got ${show(raw)}`);
      return false;
    }
    if (raw && isHead) {
      this.problem(path, 'the head is always there; remove optional');
      return false;
    }
    return raw;
  }

  /** Ids an input list may name: the images and the nodes listed before this one. */
  private readInputs(
    raw: unknown,
    path: string,
    allIds: readonly unknown[],
    i: number,
    previous: string,
  ): { options: string[][]; choice: boolean } {
    if (raw === undefined) return { options: [[previous]], choice: false };
    const readList = (value: unknown, where: string): string[] | undefined => {
      const ids = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(ids) || ids.length === 0) {
        this.problem(where, `must be a non-empty list of node ids, got ${show(value)}`);
        return undefined;
      }
      if (new Set(ids).size !== ids.length) this.problem(where, `must not name a node twice, got ${show(ids)}`);
      let ok = true;
      ids.forEach((id, k) => {
        const position = allIds.indexOf(id);
        if (id === INPUT_ID || (position >= 0 && position < i)) return;
        ok = false;
        const at = Array.isArray(value) ? `${where}[${k}]` : where;
        if (position === i) this.problem(at, `a node cannot take its own output (${show(id)})`);
        else if (position > i) this.problem(at, `${show(id)} is space.nodes[${position}], listed later; a node's inputs must be listed before it`);
        else this.problem(at, `no node has id ${show(id)}; earlier nodes: ${list([INPUT_ID, ...allIds.slice(0, i)])}`);
      });
      return ok ? (ids as string[]) : undefined;
    };
    if (Array.isArray(raw) || typeof raw === 'string') {
      const ids = readList(raw, path);
      return { options: ids ? [ids] : [], choice: false };
    }
    const options = this.readChoiceList(raw, path, 'a list of earlier node ids, or {"choice": [["a"], ["a", "b"]]}');
    if (options === undefined) return { options: [], choice: false };
    const lists = options.map((o, k) => readList(o, `${path}.choice[${k}]`)).filter((o): o is string[] => o !== undefined);
    return { options: lists, choice: true };
  }

  private readMerge(raw: unknown, path: string, needed: boolean): { values: Merge[]; choice: boolean } {
    const isMerge = (m: unknown): m is Merge => MERGES.includes(m as Merge);
    if (raw === undefined) {
      if (needed) this.problem(path, `required: this node may take two or more inputs; one of ${list(MERGES)} or {"choice": [${list(MERGES)}]}`);
      return { values: [], choice: false };
    }
    if (!needed) {
      this.problem(path, 'only meaningful when the node may take two or more inputs; remove it');
      return { values: [], choice: false };
    }
    if (typeof raw === 'string') {
      if (isMerge(raw)) return { values: [raw], choice: false };
      this.problem(path, `must be one of ${list(MERGES)}, got ${show(raw)}`);
      return { values: [], choice: false };
    }
    const options = this.readChoiceList(raw, path, `one of ${list(MERGES)} or {"choice": [${list(MERGES)}]}`);
    if (options === undefined) return { values: [], choice: false };
    options.forEach((m, k) => {
      if (!isMerge(m)) this.problem(`${path}.choice[${k}]`, `must be one of ${list(MERGES)}, got ${show(m)}`);
    });
    return { values: options.filter(isMerge), choice: true };
  }

  /** `{"c1.op": "conv"}`, `{"skip.enabled": true, "c1.filters": [16, 32]}`: keys of earlier choices. */
  private readCondition(raw: unknown, path: string): { parsed: Condition; config: Record<string, ChoiceValue | ChoiceValue[]> } | undefined {
    if (!isObject(raw) || Object.keys(raw).length === 0) {
      this.problem(path, `must be an object of earlier choices and their values, e.g. {"c1.op": "conv"} or {"skip.enabled": true}; got ${show(raw)}`);
      return undefined;
    }
    const parsed = new Map<string, ChoiceValue[]>();
    for (const [key, value] of Object.entries(raw)) {
      const where = `${path}.${key}`;
      const values = Array.isArray(value) ? value : [value];
      if (values.length === 0 || !values.every(isScalar)) {
        this.problem(where, `must be a value or a non-empty list of values, got ${show(value)}`);
        continue;
      }
      const possible = this.known.get(key);
      if (possible === undefined) {
        this.problem(where, `${show(key)} is no earlier choice; conditions name choices asked before this point: ${this.earlierKeys()}`);
        continue;
      }
      const never = values.filter((v) => !possible.includes(v));
      if (never.length > 0) this.problem(where, `${list(never)} can never hold: ${key} is one of ${list(possible)}`);
      parsed.set(key, values);
    }
    return { parsed, config: raw as Record<string, ChoiceValue | ChoiceValue[]> };
  }

  private earlierKeys(): string {
    const keys = [...this.known.keys()];
    return keys.length === 0 ? '(none yet)' : keys.length > 12 ? `${keys.slice(0, 12).join(', ')}, ...` : keys.join(', ');
  }

  private readParams(
    raw: unknown,
    nodePath: string,
    id: string,
    ops: readonly string[],
    always: boolean,
  ): { parsed: Map<string, ParamCase[]>; config: Record<string, unknown> } {
    const path = `${nodePath}.params`;
    const given: Json = raw === undefined ? {} : isObject(raw) ? raw : {};
    if (raw !== undefined && !isObject(raw)) this.problem(path, `must be an object of param values, got ${show(raw)}`);
    const defs = ops.map((name) => findOperation(name)).filter((d): d is OperationDef => d !== undefined);
    const fieldOrder = [...new Set(defs.flatMap((d) => Object.keys(d.fields)))];
    for (const field of Object.keys(given)) {
      if (fieldOrder.includes(field)) continue;
      const known = defs.map((d) => `${d.name}: ${Object.keys(d.fields).join(', ') || '(none)'}`).join('; ');
      this.problem(`${path}.${field}`, `not a parameter of ${list(ops)} (${known})`);
    }
    const parsed = new Map<string, ParamCase[]>();
    const config: Record<string, unknown> = {};
    const declared: [string, ChoiceValue[], boolean][] = [];
    for (const field of fieldOrder) {
      const fromNode = field in given;
      if (!fromNode && !(field in this.defaults)) {
        const needing = defs.filter((d) => field in d.fields).map((d) => d.name);
        const doc = defs.find((d) => field in d.fields)?.fields[field].doc ?? '';
        this.problem(`${path}.${field}`, `missing (${doc}) for op ${list(needing)}; give it here or in space.defaults`);
        continue;
      }
      const value = fromNode ? given[field] : this.defaults[field];
      const where = fromNode ? `${path}.${field}` : `space.defaults.${field} (for ${nodePath} ${show(id)})`;
      const users = defs.filter((d) => field in d.fields);
      const cases = this.readParam(value, where, field, users);
      if (cases === undefined) continue;
      parsed.set(field, cases);
      config[field] = value;
      const values = [...new Set(cases.flatMap((c) => (c.source.kind === 'choice' ? c.source.values : [])))];
      if (values.length > 0) {
        const sure = always && users.length === defs.length && cases.length === 1;
        declared.push([`${id}.${field}`, values, sure]);
      }
    }
    // A node's param choices are asked after all its other choices: conditions and refs of its
    // params may name the node's enabled, op, inputs and merge, but not its other params.
    for (const [key, values, sure] of declared) {
      this.known.set(key, values);
      if (sure) this.sure.add(key);
    }
    return { parsed, config };
  }

  /** A param given as a value, a case object or a list of cases; `users` are the node's ops having the field. */
  private readParam(raw: unknown, path: string, field: string, users: readonly OperationDef[]): ParamCase[] | undefined {
    if (Array.isArray(raw)) {
      if (raw.length === 0) {
        this.problem(path, 'a list of cases must not be empty');
        return undefined;
      }
      const cases = raw.map((c, k) => this.readCase(c, `${path}[${k}]`, field, users));
      if (cases.some((c) => c === undefined)) return undefined;
      const all = cases as ParamCase[];
      all.slice(0, -1).forEach((c, k) => {
        if (c.when === undefined) this.problem(`${path}[${k}]`, 'only the last case may lack "when" (later cases could never apply)');
      });
      this.checkLastCase(all[all.length - 1], `${path}[${all.length - 1}]`, 'the last case');
      return all;
    }
    const single = this.readCase(raw, path, field, users);
    if (single === undefined) return undefined;
    if (single.when !== undefined) {
      this.problem(path, 'a param with "when" needs a value for when it does not hold: write a list of cases, e.g. [{"when": {...}, "choice": [...]}, 16]');
      return undefined;
    }
    this.checkLastCase(single, path, 'the param');
    return [single];
  }

  /** The last case applies to every network that gets this far, so its value must always exist. */
  private checkLastCase(last: ParamCase, path: string, what: string): void {
    if (last.when !== undefined) this.problem(path, `${what} must have no "when": it applies when no earlier case does`);
    if (last.source.kind === 'ref' && !this.sure.has(last.source.key)) {
      this.problem(
        path,
        `${what} refs ${show(last.source.key)}, which some networks do not choose (its node is optional or conditional, or its choice depends on other choices); ` +
          'end with a case that gives a value or a choice',
      );
    }
  }

  private readCase(raw: unknown, path: string, field: string, users: readonly OperationDef[]): ParamCase | undefined {
    if (isScalar(raw)) return this.checked({ source: { kind: 'value', value: raw } }, path, field, users);
    if (!isObject(raw)) {
      this.problem(path, `must be a value, {"choice": [...]}, {"range": [min, max, step]}, {"ref": "<earlier choice>"} or a list of cases; got ${show(raw)}`);
      return undefined;
    }
    const sources = ['value', 'choice', 'range', 'ref'].filter((k) => k in raw);
    for (const key of Object.keys(raw)) {
      if (!['value', 'choice', 'range', 'ref', 'when'].includes(key)) this.problem(`${path}.${key}`, 'unknown key; a param case has one of value, choice, range, ref, and optionally when');
    }
    if (sources.length !== 1) {
      this.problem(path, `must have exactly one of "value", "choice", "range", "ref", got ${sources.length === 0 ? 'none' : sources.join(', ')}`);
      return undefined;
    }
    const when = raw.when === undefined ? undefined : this.readCondition(raw.when, `${path}.when`);
    if (raw.when !== undefined && when === undefined) return undefined;
    const source = this.readSource(sources[0], raw[sources[0]], `${path}.${sources[0]}`);
    if (source === undefined) return undefined;
    return this.checked({ ...(when ? { when: when.parsed } : {}), source }, `${path}.${sources[0]}`, field, users);
  }

  private readSource(kind: string, raw: unknown, path: string): ValueSource | undefined {
    if (kind === 'value') {
      if (isScalar(raw)) return { kind: 'value', value: raw };
      this.problem(path, `must be a number, string or boolean, got ${show(raw)}`);
      return undefined;
    }
    if (kind === 'ref') {
      if (typeof raw !== 'string' || !this.known.has(raw)) {
        this.problem(path, `must name an earlier choice (its value is used, no new choice is made); earlier choices: ${this.earlierKeys()}; got ${show(raw)}`);
        return undefined;
      }
      return { kind: 'ref', key: raw };
    }
    if (kind === 'range') {
      const values = this.readRange(raw, path);
      return values === undefined ? undefined : { kind: 'choice', values };
    }
    if (!Array.isArray(raw) || raw.length === 0 || !raw.every(isScalar)) {
      this.problem(path, `must be a non-empty list of numbers, strings or booleans, got ${show(raw)}`);
      return undefined;
    }
    if (raw.length > MAX_OPTIONS) this.problem(path, `at most ${MAX_OPTIONS} options, got ${raw.length}`);
    if (new Set(raw).size !== raw.length) this.problem(path, `must not repeat an option, got ${show(raw)}`);
    return { kind: 'choice', values: raw };
  }

  /** `[min, max]` or `[min, max, step]` of integers: min, min + step, ... up to max. */
  private readRange(raw: unknown, path: string): number[] | undefined {
    const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
    if (!Array.isArray(raw) || raw.length < 2 || raw.length > 3 || !raw.every(isInt)) {
      this.problem(path, `must be [min, max] or [min, max, step] of integers, e.g. [8, 64, 8]; got ${show(raw)}`);
      return undefined;
    }
    const [min, max, step = 1] = raw as number[];
    if (min > max) {
      this.problem(path, `min ${min} is above max ${max}`);
      return undefined;
    }
    if (step < 1) {
      this.problem(path, `step must be at least 1, got ${step}`);
      return undefined;
    }
    const count = Math.floor((max - min) / step) + 1;
    if (count > MAX_OPTIONS) {
      this.problem(path, `gives ${count} options, at most ${MAX_OPTIONS} are allowed; raise the step or narrow the range`);
      return undefined;
    }
    return Array.from({ length: count }, (_, k) => min + k * step);
  }

  /** A case's values against the ops that take the field: each op must get a value it allows. */
  private checked(c: ParamCase, path: string, field: string, users: readonly OperationDef[]): ParamCase | undefined {
    const before = this.problems.length;
    const source = c.source;
    if (source.kind === 'value') {
      for (const op of users) {
        if (!allowedBy(op.fields[field], source.value)) this.problem(path, `${show(source.value)} is not allowed by op "${op.name}" (${field}: ${ruleOf(op.fields[field])})`);
      }
    } else if (source.kind === 'choice') {
      for (const value of source.values) {
        if (!users.some((op) => allowedBy(op.fields[field], value))) {
          this.problem(path, `${show(value)} is allowed by none of ${list(users.map((op) => op.name))} (${field}: ${ruleOf(users[0].fields[field])})`);
        }
      }
      for (const op of users) {
        if (!source.values.some((v) => allowedBy(op.fields[field], v))) {
          this.problem(path, `none of ${list(source.values)} is allowed by op "${op.name}" (${field}: ${ruleOf(op.fields[field])})`);
        }
      }
    } else {
      const possible = this.known.get(source.key) ?? [];
      for (const op of users) {
        const bad = possible.filter((v) => !allowedBy(op.fields[field], v as ParamValue));
        if (bad.length > 0) this.problem(path, `${source.key} may be ${list(bad)}, which op "${op.name}" does not allow (${field}: ${ruleOf(op.fields[field])})`);
      }
    }
    return this.problems.length === before ? c : undefined;
  }

  /** A node no later node can take as input never reaches the head: say so instead of silently dropping it. */
  private checkEveryNodeIsUsed(nodes: readonly TemplateNode[], positions: readonly number[]): void {
    nodes.slice(0, -1).forEach((node, k) => {
      const used = nodes.some((later) => later.inputs.some((option) => option.includes(node.id)));
      if (!used) {
        this.problem(
          `space.nodes[${positions[k]}]`,
          `no later node takes ${show(node.id)} as an input, so it can never reach the head; list it in a later node's inputs or remove it`,
        );
      }
    });
  }
}
