// Reading and writing architectures as the space's conditional choice sequence: the common
// ground of the model-based strategies (TPE, REINFORCE, MCTS), which learn about decisions by
// key ("L2.op") rather than about whole networks.
import type { Architecture } from '../types';
import type { SearchSpace } from '../spaces/search-space';
import type { Choice, ChoiceValue } from '../spaces/choices';

export interface Answer {
  choice: Choice;
  value: ChoiceValue;
}

/** The choices `arch` answers, in program order, with its answers. */
export function answersOf<A extends Architecture>(space: SearchSpace<A>, arch: A): Answer[] {
  const values = space.encode(arch);
  return values.map((value, i) => {
    const choice = space.nextChoice(values.slice(0, i));
    if (choice === undefined) throw new Error(`the ${space.type} space's encoding of an architecture is longer than its choice program`);
    return { choice, value };
  });
}

/** Walks the choice program, answering each choice with `pick`, and returns the architecture. */
export function buildByChoices<A extends Architecture>(space: SearchSpace<A>, pick: (choice: Choice, prefix: readonly ChoiceValue[]) => ChoiceValue): A {
  const prefix: ChoiceValue[] = [];
  for (let choice = space.nextChoice(prefix); choice !== undefined; choice = space.nextChoice(prefix)) {
    prefix.push(pick(choice, prefix));
  }
  return space.decode(prefix);
}
