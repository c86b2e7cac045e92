// Tournament selection as regularized evolution uses it, kept apart so it can be tested with a
// controlled population and rng.
import type { Rng } from '../rng';

export interface Tournament<T> {
  /** The contestants in draw order. */
  sampled: T[];
  winner: T;
}

/**
 * Draws `size` distinct members uniformly (a partial Fisher-Yates shuffle: without replacement,
 * so size = population size means "the best of all") and returns the one with the highest
 * score. Ties go to the contestant drawn first, which is itself uniformly random.
 */
export function tournament<T>(population: readonly T[], size: number, rng: Rng, score: (member: T) => number): Tournament<T> {
  if (population.length === 0) throw new Error('tournament: the population is empty');
  if (!Number.isInteger(size) || size < 1) throw new Error(`tournament: size must be a positive integer, got ${size}`);
  const k = Math.min(size, population.length);
  const order = population.map((_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(order.length - i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const sampled = order.slice(0, k).map((i) => population[i]);
  let winner = sampled[0];
  for (const member of sampled.slice(1)) if (score(member) > score(winner)) winner = member;
  return { sampled, winner };
}
