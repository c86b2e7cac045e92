// A SearchSpace built from a family's choice program. Sampling, decoding, encoding, validation,
// neighbours and mutation all derive from the program; a family overrides a move only where
// its own is better (the chain keeps its layer-level mutations and their stable ids).
import type { ArchitectureGraph } from '../../contracts/graph';
import { graphHash, validateGraph } from '../graph';
import type { Architecture } from '../types';
import type { Rng } from '../rng';
import { canonicalJson } from '../json';
import { ChoiceError, decodeChoices, nextChoiceAfter, runProgram, type Answered, type Choice, type ChoiceProgram, type ChoiceValue } from './choices';
import type { SearchSpace } from './search-space';

/** Shapes every family's networks are checked against: a space's graphs must fit any image size. */
export const NOMINAL_INPUTS: readonly { inputShape: [number, number, number]; numClasses: number }[] = [
  { inputShape: [28, 28, 1], numClasses: 10 },
  { inputShape: [32, 32, 3], numClasses: 10 },
];

export interface ChoiceFamilyDef<A extends Architecture> {
  readonly type: A['type'];
  readonly program: ChoiceProgram<A>;
  /** The answer `arch` gives to the choice named `key` (read off the architecture, for encoding). */
  answer(arch: A, key: string, choice: Choice): ChoiceValue | undefined;
  compile(arch: A): ArchitectureGraph;
  describe(arch: A): string;
  /** Family-specific checks run before the generic ones, for messages in the family's own terms. */
  validate?(arch: unknown): string[];
  /** Family-specific moves, when the generic ones on the choice sequence are not what the family wants. */
  sample?(rng: Rng): A;
  mutate?(arch: A, rng: Rng): A;
  neighbours?(arch: A): A[];
}

/** Node ids are identities, not part of what an architecture describes: they never decide equality. */
function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'id').map(([k, v]) => [k, withoutIds(v)]));
  }
  return value;
}

/** Mutations tried before concluding that no change of one choice alters the network. */
const MUTATION_ATTEMPTS = 32;

export class ChoiceSpace<A extends Architecture> implements SearchSpace<A> {
  readonly type: string;

  constructor(private readonly def: ChoiceFamilyDef<A>) {
    this.type = def.type;
  }

  sample(rng: Rng): A {
    if (this.def.sample) return this.def.sample(rng);
    return runProgram(this.def.program, (choice) => rng.pick(choice.options)).architecture;
  }

  encode(arch: A): ChoiceValue[] {
    return this.trace(arch).map((a) => a.value);
  }

  decode(values: readonly ChoiceValue[]): A {
    return decodeChoices(this.def.program, values);
  }

  nextChoice(prefix: readonly ChoiceValue[]): Choice | undefined {
    return nextChoiceAfter(this.def.program, prefix);
  }

  compile(arch: A): ArchitectureGraph {
    return this.def.compile(arch);
  }

  describe(arch: A): string {
    return this.def.describe(arch);
  }

  hash(arch: A): string {
    return graphHash(this.def.compile(arch));
  }

  validate(arch: unknown): string[] {
    const own = this.def.validate?.(arch) ?? [];
    if (own.length > 0) return own;
    if (typeof arch !== 'object' || arch === null || Array.isArray(arch)) return [`architecture: expected an object, got ${JSON.stringify(arch)}`];
    if ((arch as Architecture).type !== this.type) return [`type: expected '${this.type}', got ${JSON.stringify((arch as Architecture).type)}`];
    let decoded: A;
    try {
      decoded = this.decode(this.encode(arch as A));
    } catch (err) {
      if (err instanceof ChoiceError) return [err.message];
      return [`architecture is malformed: ${(err as Error).message}`];
    }
    // Every field must be one the program reads: extra fields would be silently ignored.
    if (canonicalJson(withoutIds(decoded)) !== canonicalJson(withoutIds(arch))) {
      return [`architecture has fields the '${this.type}' space does not describe, or lacks some (expected the form of ${JSON.stringify(withoutIds(decoded)).slice(0, 200)})`];
    }
    const graph = this.def.compile(arch as A);
    for (const shapes of NOMINAL_INPUTS) {
      const problems = validateGraph(graph, shapes);
      if (problems.length > 0) return problems.map((p) => `compiled network for input ${JSON.stringify(shapes.inputShape)}: ${p}`);
    }
    return [];
  }

  mutate(arch: A, rng: Rng): A {
    if (this.def.mutate) return this.def.mutate(arch, rng);
    const trace = this.trace(arch);
    const positions = trace.map((a, i) => i).filter((i) => trace[i].choice.options.length > 1);
    if (positions.length === 0) throw new Error(`cannot mutate: the '${this.type}' space has a single architecture`);
    const own = this.hash(arch);
    for (let attempt = 0; attempt < MUTATION_ATTEMPTS; attempt++) {
      const p = rng.pick(positions);
      const value = rng.pick(trace[p].choice.options.filter((o) => o !== trace[p].value));
      // Later choices keep their answer where it still applies, and draw a new one where not.
      const child = this.changed(trace, p, value, (choice) => rng.pick(choice.options));
      if (this.hash(child) !== own) return child;
    }
    throw new Error(`cannot mutate: ${MUTATION_ATTEMPTS} one-choice changes all left the network unchanged`);
  }

  neighbours(arch: A): A[] {
    if (this.def.neighbours) return this.def.neighbours(arch);
    const trace = this.trace(arch);
    const seen = new Set([this.hash(arch)]);
    const out: A[] = [];
    trace.forEach(({ choice, value }, p) => {
      for (const other of choice.options) {
        if (other === value) continue;
        const child = this.changed(trace, p, other, (c) => c.options[0]);
        const h = this.hash(child);
        if (!seen.has(h)) {
          seen.add(h);
          out.push(child);
        }
      }
    });
    return out;
  }

  private trace(arch: A): Answered[] {
    return runProgram(this.def.program, (choice) => {
      const value = this.def.answer(arch, choice.key, choice);
      if (value === undefined) throw new ChoiceError(`${choice.key}: missing from the architecture`);
      return value;
    }).trace;
  }

  /** The architecture with answer `p` replaced by `value`; later answers kept by key where still possible. */
  private changed(trace: readonly Answered[], p: number, value: ChoiceValue, fresh: (choice: Choice) => ChoiceValue): A {
    const previous = new Map(trace.map((a) => [a.choice.key, a.value]));
    return runProgram(this.def.program, (choice, i) => {
      if (i < p) return trace[i].value;
      if (i === p) return value;
      const old = previous.get(choice.key);
      return old !== undefined && choice.options.includes(old) ? old : fresh(choice);
    }).architecture;
  }
}
