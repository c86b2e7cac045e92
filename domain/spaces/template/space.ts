// The template search space. The choice program gives every move; what a template adds is that
// some answer combinations may give a network with inconsistent shapes (a sum of 8 and 16
// channels, a convolution after a dense layer) that the template's author did not rule out.
// Those are rejected: sampling draws again, mutation tries another change, neighbours leave
// them out, all with the space's own seeded Rng, so the search stays deterministic.
import type { ArchitectureGraph } from '../../../contracts/graph';
import { validateGraph } from '../../graph';
import type { Rng } from '../../rng';
import { runProgram, type ChoiceProgram } from '../choices';
import { ChoiceSpace, NOMINAL_INPUTS } from '../choice-space';
import { describeGraph } from './describe';
import { templateAnswer, templateProgram, templateWalk, type TemplateRun } from './program';
import type { Template, TemplateArchitecture } from './types';

/** Draws (or changes) tried before concluding that the template gives no valid network. */
export const MAX_DRAWS = 200;

function compileWith(walk: ChoiceProgram<TemplateRun>, arch: TemplateArchitecture): ArchitectureGraph {
  return runProgram(walk, (choice) => {
    const value = templateAnswer(arch, choice.key);
    if (value === undefined) throw new Error(`template network lacks the choice ${choice.key}`);
    return value;
  }).architecture.graph;
}

export class TemplateSpace extends ChoiceSpace<TemplateArchitecture> {
  constructor(readonly template: Template) {
    const walk = templateWalk(template);
    super({
      type: 'template',
      program: templateProgram(walk),
      answer: templateAnswer,
      compile: (arch) => compileWith(walk, arch),
      describe: (arch) => describeGraph(compileWith(walk, arch)),
    });
  }

  /** Why the network of `arch` cannot be built for the nominal inputs (28x28x1, 32x32x3); empty when it can. */
  networkProblems(arch: TemplateArchitecture): string[] {
    const graph = this.compile(arch);
    for (const shapes of NOMINAL_INPUTS) {
      const problems = validateGraph(graph, shapes);
      if (problems.length > 0) return problems.map((p) => `for input ${JSON.stringify(shapes.inputShape)}: ${p}`);
    }
    return [];
  }

  /** One uniform draw of every choice, valid or not (what rejection sampling draws from). */
  draw(rng: Rng): TemplateArchitecture {
    return super.sample(rng);
  }

  override sample(rng: Rng): TemplateArchitecture {
    let last: string[] = [];
    for (let i = 0; i < MAX_DRAWS; i++) {
      const arch = this.draw(rng);
      last = this.networkProblems(arch);
      if (last.length === 0) return arch;
    }
    throw new Error(`the template gave no valid network in ${MAX_DRAWS} draws; the last one failed ${last[0]}`);
  }

  override mutate(arch: TemplateArchitecture, rng: Rng): TemplateArchitecture {
    let last: string[] = [];
    for (let i = 0; i < MAX_DRAWS; i++) {
      const child = super.mutate(arch, rng);
      last = this.networkProblems(child);
      if (last.length === 0) return child;
    }
    throw new Error(`cannot mutate: ${MAX_DRAWS} one-choice changes all gave invalid networks; the last one failed ${last[0]}`);
  }

  override neighbours(arch: TemplateArchitecture): TemplateArchitecture[] {
    return super.neighbours(arch).filter((n) => this.networkProblems(n).length === 0);
  }
}
