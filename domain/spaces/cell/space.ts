// The cell search space: a normal and a reduction cell searched block by block; sampling,
// encoding, neighbours and mutation come from the choice program (one choice changed at a time).
import { ChoiceSpace } from '../choice-space';
import { cellMacro, resolveCellOptions, type CellMacroSettings, type CellSpaceOptions } from './options';
import { cellAnswer, cellProgram } from './program';
import { compileCellNetwork } from './compile';
import { describeCells } from './describe';
import { validateCells } from './validate';
import type { CellArchitecture } from './types';

export class CellSpace extends ChoiceSpace<CellArchitecture> {
  /** The options with defaults filled in (frozen). */
  readonly options: CellSpaceOptions;
  /** The macro skeleton this space compiles cells into. */
  readonly macro: CellMacroSettings;

  /** Throws, naming the `space.*` key, when the options are unusable. */
  constructor(options: Partial<CellSpaceOptions> = {}) {
    const o = resolveCellOptions(options);
    const macro = cellMacro(o);
    super({
      type: 'cell',
      program: cellProgram(o.blocks, o.operations),
      answer: cellAnswer,
      compile: (arch) => compileCellNetwork(arch, macro),
      describe: describeCells,
      validate: (arch) => validateCells(arch, o.blocks),
    });
    this.options = o;
    this.macro = macro;
  }
}
