// Every answer sequence of a space's choice program, in one fixed order: an odometer over the
// options, last choice fastest, each choice's options in the order the program lists them.
// Options may depend on earlier answers, so each step asks the space for the next choice
// rather than precomputing a product. The exhaustive strategy and the tabular benchmark's
// builder both walk this order, so "the first k distinct networks" means the same to both.
import type { ChoiceValue } from './choices';
import type { SearchSpace } from './search-space';
import type { Architecture } from '../types';

/** `prefix` completed with the first option of every remaining choice. */
export function firstCompletion(space: SearchSpace, prefix: readonly ChoiceValue[]): ChoiceValue[] {
  const seq = [...prefix];
  for (let choice = space.nextChoice(seq); choice !== undefined; choice = space.nextChoice(seq)) seq.push(choice.options[0]);
  return seq;
}

/** The sequence after `seq` in odometer order (the first one for undefined), or undefined after the last. */
export function nextSequence(space: SearchSpace, seq: readonly ChoiceValue[] | undefined): ChoiceValue[] | undefined {
  if (seq === undefined) return firstCompletion(space, []);
  for (let i = seq.length - 1; i >= 0; i--) {
    const prefix = seq.slice(0, i);
    const choice = space.nextChoice(prefix);
    if (choice === undefined) throw new Error(`enumeration: the sequence ${JSON.stringify(seq)} is longer than the space's program`);
    const at = choice.options.indexOf(seq[i]);
    if (at < 0) throw new Error(`enumeration: ${choice.key} = ${JSON.stringify(seq[i])} is not one of its options`);
    if (at + 1 < choice.options.length) return firstCompletion(space, [...prefix, choice.options[at + 1]]);
  }
  return undefined;
}

export interface EnumeratedNetwork<A extends Architecture = Architecture> {
  /** Position among the distinct networks (0 for the first). */
  index: number;
  /** The first answer sequence that gives this network. */
  sequence: ChoiceValue[];
  architecture: A;
  hash: string;
}

/**
 * The space's distinct networks (by canonical hash) in odometer order, each at its first
 * sequence. Cost: one decode and one hash per sequence, duplicates included.
 */
export function* distinctNetworks<A extends Architecture>(space: SearchSpace<A>): Generator<EnumeratedNetwork<A>> {
  const seen = new Set<string>();
  for (let seq = nextSequence(space, undefined); seq !== undefined; seq = nextSequence(space, seq)) {
    const architecture = space.decode(seq);
    const hash = space.hash(architecture);
    if (seen.has(hash)) continue;
    seen.add(hash);
    yield { index: seen.size - 1, sequence: seq, architecture, hash };
  }
}
