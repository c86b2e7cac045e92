// The multibranch search space: chains with residual and dense skip connections; sampling,
// encoding, neighbours and mutation come from the choice program (one choice changed at a time).
import { ChoiceSpace } from '../choice-space';
import { resolveMultibranchOptions, type MultibranchSpaceOptions, type ResolvedMultibranchOptions } from './options';
import { multibranchAnswer, multibranchProgram } from './program';
import { compileMultibranch } from './compile';
import { describeMultibranch } from './describe';
import { validateMultibranch } from './validate';
import type { MultibranchArchitecture } from './types';

export class MultibranchSpace extends ChoiceSpace<MultibranchArchitecture> {
  /** The options with defaults filled in (frozen). */
  readonly options: ResolvedMultibranchOptions;

  /** Throws, naming the `space.*` key, when the options are unusable. */
  constructor(options: MultibranchSpaceOptions = {}) {
    const o = resolveMultibranchOptions(options);
    super({
      type: 'multibranch',
      program: multibranchProgram(o),
      answer: multibranchAnswer,
      compile: compileMultibranch,
      describe: describeMultibranch,
      validate: (arch) => validateMultibranch(arch, o),
    });
    this.options = o;
  }
}
