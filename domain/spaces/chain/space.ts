// The chain search space: sequential conv/pool stacks followed by a few dense layers.
import type { ChainArchitecture } from './types';
import { ChoiceSpace } from '../choice-space';
import { type ChainSpaceOptions, type ResolvedChainSpaceOptions, resolveChainOptions } from './options';
import { chainAnswer, chainProgram } from './program';
import { compileChain } from './compile';
import { describeChain } from './describe';
import { mutateChain } from './mutate';
import { chainNeighbours } from './neighbours';
import { validateChain } from './validate';

export class ChainSpace extends ChoiceSpace<ChainArchitecture> {
  /** The options with defaults filled in (frozen). */
  readonly options: ResolvedChainSpaceOptions;

  /** Throws, naming the `space.*` field, when the options are inconsistent. */
  constructor(options: ChainSpaceOptions) {
    const o = resolveChainOptions(options);
    super({
      type: 'chain',
      program: chainProgram(o),
      answer: chainAnswer,
      compile: compileChain,
      describe: describeChain,
      validate: (arch) => validateChain(arch, o),
      // Layer-level moves keep node ids stable and weigh structural changes like tweaks.
      mutate: (arch, rng) => mutateChain(arch, o, rng).architecture,
      neighbours: (arch) => chainNeighbours(arch, o),
    });
    this.options = o;
  }
}
