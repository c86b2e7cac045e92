// A space family describes its architectures as a program of conditional categorical choices:
// a generator that yields each choice (a key and its options, which may depend on the answers
// so far) and returns the architecture the answers describe. One program gives uniform
// sampling, decoding of a choice sequence, the next choice after a prefix (for tree search),
// and, with a way to read answers off an architecture, encoding: what TPE, REINFORCE and
// Monte Carlo tree search work on.

export type ChoiceValue = string | number | boolean;

/** One decision. `key` names the same decision across architectures, e.g. "L2.op" or "normal.b1.in0". */
export interface Choice {
  key: string;
  options: readonly ChoiceValue[];
}

export type ChoiceProgram<A> = () => Generator<Choice, A, ChoiceValue>;

export interface Answered {
  choice: Choice;
  value: ChoiceValue;
}

/** A choice with a value outside its options, or a sequence of the wrong length. */
export class ChoiceError extends Error {
  override readonly name = 'ChoiceError';
}

const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

/** Runs the program, answering each choice with `answer`; the answers must be among the options. */
export function runProgram<A>(program: ChoiceProgram<A>, answer: (choice: Choice, index: number) => ChoiceValue): { architecture: A; trace: Answered[] } {
  const trace: Answered[] = [];
  const it = program();
  let step = it.next();
  while (!step.done) {
    const choice = step.value;
    if (choice.options.length === 0) throw new ChoiceError(`${choice.key}: no option is possible here`);
    const value = answer(choice, trace.length);
    if (!choice.options.includes(value)) {
      throw new ChoiceError(`${choice.key}: ${show(value)} is not one of ${show(choice.options)}`);
    }
    trace.push({ choice, value });
    step = it.next(value);
  }
  return { architecture: step.value, trace };
}

/** The architecture a full choice sequence describes; throws ChoiceError naming the first bad value. */
export function decodeChoices<A>(program: ChoiceProgram<A>, values: readonly ChoiceValue[]): A {
  const { architecture, trace } = runProgram(program, (choice, i) => {
    if (i >= values.length) throw new ChoiceError(`${choice.key}: the sequence ends after ${values.length} values, more are needed`);
    return values[i];
  });
  if (trace.length !== values.length) throw new ChoiceError(`the sequence has ${values.length} values, the architecture needs ${trace.length}`);
  return architecture;
}

/** The choice that follows `prefix`, or undefined when the prefix already describes a whole architecture. */
export function nextChoiceAfter<A>(program: ChoiceProgram<A>, prefix: readonly ChoiceValue[]): Choice | undefined {
  const it = program();
  let step = it.next();
  let i = 0;
  while (!step.done) {
    if (i === prefix.length) return step.value;
    if (!step.value.options.includes(prefix[i])) {
      throw new ChoiceError(`${step.value.key}: ${show(prefix[i])} is not one of ${show(step.value.options)}`);
    }
    step = it.next(prefix[i]);
    i++;
  }
  if (i < prefix.length) throw new ChoiceError(`the prefix has ${prefix.length} values, an architecture needs ${i}`);
  return undefined;
}
