import type { Architecture } from '../types';
import type { Rng } from '../rng';

/**
 * A search space knows how to draw architectures and to change one choice of an existing one.
 * Implementations are pure: all randomness comes from the injected `rng`, and they never mutate
 * their arguments (they return new objects).
 */
export interface SearchSpace<A extends Architecture = Architecture> {
  readonly type: A['type'];
  /** A uniformly drawn valid architecture. */
  sample(rng: Rng): A;
  /** A copy of `arch` with exactly one choice changed (an op, a hyperparameter, a layer added or removed). */
  mutate(arch: A, rng: Rng): A;
  /** Problems that make `arch` invalid in this space, as readable messages; empty when valid. */
  validate(arch: A): string[];
  /** A short human-readable signature, e.g. "conv3x3-32-relu > maxpool2 > dense-128-relu". */
  describe(arch: A): string;
}
