// The hierarchical search space (Liu et al. 2018b); sampling, encoding, neighbours and mutation
// come from the choice program (one edge changed at a time).
import { ChoiceSpace } from '../choice-space';
import { hierarchicalMacro, resolveHierarchicalOptions, type HierarchicalMacroSettings, type HierarchicalSpaceOptions } from './options';
import { hierarchicalAnswer, hierarchicalProgram } from './program';
import { compileHierarchical } from './compile';
import { describeHierarchical } from './describe';
import { validateHierarchical } from './validate';
import type { HierarchicalArchitecture } from './types';

export class HierarchicalSpace extends ChoiceSpace<HierarchicalArchitecture> {
  /** The options with defaults filled in (frozen). */
  readonly options: HierarchicalSpaceOptions;
  /** The macro skeleton this space compiles the cell into. */
  readonly macro: HierarchicalMacroSettings;

  /** Throws, naming the `space.*` key, when the options are unusable. */
  constructor(options: Partial<HierarchicalSpaceOptions> = {}) {
    const o = resolveHierarchicalOptions(options);
    const macro = hierarchicalMacro(o);
    super({
      type: 'hierarchical',
      program: hierarchicalProgram(o),
      answer: hierarchicalAnswer,
      compile: (arch) => compileHierarchical(arch, macro),
      describe: describeHierarchical,
      validate: (arch) => validateHierarchical(arch, o),
    });
    this.options = o;
    this.macro = macro;
  }
}
