// The part of Adam's state that Optimizer.getWeights() leaves out: the running powers
// beta1^t and beta2^t of its bias correction. On setWeights() tfjs recomputes them as
// pow(beta, t + 1), while an uninterrupted run multiplies by beta every step; in float32 the
// two differ by an ulp for most t, so a resumed trial would drift (slightly) from the
// uninterrupted one. Saving and restoring the exact values makes resumption bit-exact.
// They are private fields of tfjs-core 4.22's AdamOptimizer (the version is pinned): if a
// future tfjs renames them, this degrades to tfjs's own recomputation, not to an error.
import * as tf from '@tensorflow/tfjs';

/** beta1^t and beta2^t as float32 values (exact in JSON, which holds doubles). */
export interface AdamBetaPowers {
  beta1Power: number;
  beta2Power: number;
}

interface AdamInternals {
  accBeta1?: unknown;
  accBeta2?: unknown;
}

/**
 * Whether `optimizer` is tfjs's Adam (or a subclass such as trainer/native's FlatAdam). Not
 * `instanceof`: tfjs-core gives Optimizer a Symbol.hasInstance that accepts any optimizer,
 * which every subclass inherits, so `sgd instanceof tf.AdamOptimizer` is true.
 */
export function isAdam(optimizer: tf.Optimizer): boolean {
  return optimizer.getClassName() === tf.AdamOptimizer.className;
}

/** Whether `optimizer` is tfjs's plain SGD (same reason as isAdam for not using instanceof). */
export function isSgd(optimizer: tf.Optimizer): boolean {
  return optimizer.getClassName() === tf.SGDOptimizer.className;
}

function betaVariables(optimizer: tf.Optimizer): [tf.Variable, tf.Variable] | undefined {
  if (!isAdam(optimizer)) return undefined;
  const { accBeta1, accBeta2 } = optimizer as unknown as AdamInternals;
  return accBeta1 instanceof tf.Variable && accBeta2 instanceof tf.Variable ? [accBeta1, accBeta2] : undefined;
}

export async function readAdamBetaPowers(optimizer: tf.Optimizer): Promise<AdamBetaPowers | undefined> {
  const vars = betaVariables(optimizer);
  if (vars === undefined) return undefined;
  const [b1, b2] = await Promise.all(vars.map((v) => v.data()));
  return { beta1Power: b1[0], beta2Power: b2[0] };
}

/** Call after optimizer.setWeights(), which overwrites the powers with its approximation. */
export function restoreAdamBetaPowers(optimizer: tf.Optimizer, powers: AdamBetaPowers): void {
  const vars = betaVariables(optimizer);
  if (vars === undefined) return;
  tf.tidy(() => {
    vars[0].assign(tf.scalar(powers.beta1Power));
    vars[1].assign(tf.scalar(powers.beta2Power));
  });
}
