// What every search space offers the strategies and the engine. Implementations are pure: all
// randomness comes from the injected Rng, and arguments are never mutated (results are new
// objects).
import type { ArchitectureGraph } from '../../contracts/graph';
import type { Architecture } from '../types';
import type { Rng } from '../rng';
import type { Choice, ChoiceValue } from './choices';

export interface SearchSpace<A extends Architecture = Architecture> {
  readonly type: string;
  /** A random valid architecture (each choice drawn uniformly among its options). */
  sample(rng: Rng): A;
  /** A copy of `arch` with one local change (one choice altered); always valid and a different network. */
  mutate(arch: A, rng: Rng): A;
  /** Every architecture one change away from `arch`, each a different network, in a fixed order. */
  neighbours(arch: A): A[];
  /** Problems that make `arch` (untyped JSON) invalid in this space, as readable messages; empty when valid. */
  validate(arch: unknown): string[];
  /** A short human-readable signature, e.g. "conv3x3-32-relu > maxpool2 > dense-128-relu". */
  describe(arch: A): string;
  /** The network as an architecture graph: what the trainer builds. */
  compile(arch: A): ArchitectureGraph;
  /** Canonical hash of the compiled network: equal for isomorphic networks, whatever their listing. */
  hash(arch: A): string;
  /** The answers `arch` gives to the space's choice program, in order. */
  encode(arch: A): ChoiceValue[];
  /** The architecture a full answer sequence describes; throws ChoiceError on a bad value. */
  decode(values: readonly ChoiceValue[]): A;
  /** The choice that follows `prefix` (its key and options), or undefined after a complete sequence. */
  nextChoice(prefix: readonly ChoiceValue[]): Choice | undefined;
}
