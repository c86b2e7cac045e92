// The template family: `space.type: "template"`, a space written in the config as a graph
// template with choices, ranges, optional nodes and conditions (see README, "Your own spaces").
import type { Json } from '../../config/reader';
import { Rng } from '../../rng';
import type { SpaceFamily } from '../family';
import { parseTemplate } from './parse';
import { TemplateSpace } from './space';
import type { TemplateArchitecture, TemplateConfigOptions } from './types';

/** Seeded draws checked when a config is read, and how many of them must give a valid network. */
export const CHECK_DRAWS = 64;
export const MIN_VALID_DRAWS = CHECK_DRAWS / 8;

/**
 * A template whose draws are mostly invalid would make sampling slow and, rarely, fail in the
 * middle of a search: refuse it when it is read, naming the rule its draws break most often.
 */
export function drawProblems(space: TemplateSpace): string[] {
  const rng = new Rng(0);
  const failures = new Map<string, number>();
  let valid = 0;
  for (let i = 0; i < CHECK_DRAWS; i++) {
    const problems = space.networkProblems(space.draw(rng));
    if (problems.length === 0) valid++;
    else failures.set(problems[0], (failures.get(problems[0]) ?? 0) + 1);
  }
  if (valid >= MIN_VALID_DRAWS) return [];
  const [rule] = [...failures.entries()].sort((a, b) => b[1] - a[1])[0];
  return [
    `space.nodes: only ${valid} of ${CHECK_DRAWS} seeded draws give a valid network (at least ${MIN_VALID_DRAWS} are needed); ` +
      `most fail ${rule}. Rule out the bad combinations: tie sizes with {"ref": "<earlier choice>"}, or use "when" conditions`,
  ];
}

function parsed(section: Json, problems: string[]): { options: TemplateConfigOptions; space?: TemplateSpace } {
  const { options, template } = parseTemplate(section, problems);
  return problems.length > 0 ? { options } : { options, space: new TemplateSpace(template) };
}

export const templateFamily: SpaceFamily<TemplateConfigOptions, TemplateArchitecture> = {
  type: 'template',
  doc: 'a graph template written in the config: nodes whose ops, params, inputs and merges may be choices or ranges, optional nodes, conditions on earlier choices',
  readOptions(section, r) {
    const problems: string[] = [];
    const { options, space } = parsed(section, problems);
    if (space) problems.push(...drawProblems(space));
    r.problems.push(...problems);
    return options;
  },
  create(options) {
    const problems: string[] = [];
    const { space } = parsed(options, problems);
    if (space === undefined) throw new Error(problems[0]);
    return space;
  },
};

export { TemplateSpace, MAX_DRAWS } from './space';
export { parseTemplate } from './parse';
export { describeGraph } from './describe';
export type { TemplateArchitecture, TemplateConfigOptions } from './types';
