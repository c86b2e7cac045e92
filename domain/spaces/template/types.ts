// The template family: a space declared in the config as a graph template whose ops, params,
// inputs and merges may be choices, whose nodes may be optional, and whose nodes and params may
// depend on earlier choices. Two forms live here: the config form (plain JSON, what `nas
// validate` prints and the workflow receives) and the parsed form the choice program runs on.
import type { Merge, ParamValue } from '../../../contracts/graph';
import type { ChoiceValue } from '../choices';

/**
 * A template network: the answer given to each choice the template asked, keyed by choice
 * name (`c2.op`, `c2.filters`, `skip.enabled`, `c3.inputs`). Choices a network never reached
 * (an absent node's, a param case that did not apply) are not in it.
 */
export interface TemplateArchitecture {
  type: 'template';
  choices: Record<string, ChoiceValue>;
}

/** Config form of a condition: every named choice was asked and answered with one of the values. */
export type ConfigCondition = Record<string, ChoiceValue | ChoiceValue[]>;


/** Config form of one template node, defaults filled in. */
export interface ConfigTemplateNode {
  id: string;
  op: string | { choice: string[] };
  inputs: string[] | { choice: string[][] };
  merge?: Merge | { choice: Merge[] };
  optional?: boolean;
  when?: ConfigCondition;
  params: Record<string, unknown>;
}

/** The `space` section of a template search as stored in the validated config. */
export interface TemplateConfigOptions {
  type: 'template';
  nodes: ConfigTemplateNode[];
  [key: string]: unknown;
}

/** Parsed condition: each key's allowed answers. */
export type Condition = ReadonlyMap<string, readonly ChoiceValue[]>;

/** Where a param's value comes from. */
export type ValueSource =
  | { kind: 'value'; value: ParamValue }
  | { kind: 'choice'; values: readonly ParamValue[] }
  | { kind: 'ref'; key: string };

/** One case of a param: it applies when its condition holds; the last case has none. */
export interface ParamCase {
  when?: Condition;
  source: ValueSource;
}

export interface TemplateNode {
  id: string;
  /** Possible operations; a choice when more than one. */
  ops: readonly string[];
  opChoice: boolean;
  /** Possible input lists (node ids, 'input' for the images); a choice when `inputsChoice`. */
  inputs: readonly (readonly string[])[];
  inputsChoice: boolean;
  /** Possible merges; empty when no input list has two nodes. */
  merges: readonly Merge[];
  mergeChoice: boolean;
  optional: boolean;
  when?: Condition;
  params: ReadonlyMap<string, readonly ParamCase[]>;
}

export interface Template {
  /** In order; the last is the head. The images are the implicit node 'input'. */
  nodes: readonly TemplateNode[];
}

/** Id of the implicit node holding the input images. */
export const INPUT_ID = 'input';
