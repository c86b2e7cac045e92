// Seeded permutations for the train/validation split and the per-epoch batch order.
// Built on the domain Rng (never Math.random) so a trial replays the same order anywhere.
import { Rng } from '../domain/rng';

/** A uniformly random permutation of 0..n-1 (Fisher-Yates), fully determined by `seed`. */
export function seededPermutation(n: number, seed: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const rng = new Rng(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}
