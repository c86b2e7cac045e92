// Successive-halving arithmetic, kept apart from any state so it can be tested on its own.

/**
 * Epoch counts of the rungs between minEpochs and maxEpochs growing by eta, anchored at the top
 * (as in Hyperband: r_k = max * eta^(k - s), s = floor(log_eta(max/min))), rounded to whole epochs
 * and strictly increasing. Example: (1, 9, 3) -> [1, 3, 9]; (1, 10, 3) -> [1, 3, 10].
 */
export function rungEpochs(minEpochs: number, maxEpochs: number, eta: number): number[] {
  if (!(minEpochs >= 1 && maxEpochs >= minEpochs && eta > 1)) {
    throw new Error(`rungEpochs needs 1 <= minEpochs <= maxEpochs and eta > 1, got ${minEpochs}, ${maxEpochs}, ${eta}`);
  }
  // The small epsilon keeps log(9)/log(3) from landing at 1.9999999.
  const steps = Math.floor(Math.log(maxEpochs / minEpochs) / Math.log(eta) + 1e-9);
  const rungs: number[] = [];
  for (let k = 0; k <= steps; k++) {
    const epochs = Math.max(minEpochs, Math.round(maxEpochs * Math.pow(eta, k - steps)));
    if (rungs.length === 0 || epochs > rungs[rungs.length - 1]) rungs.push(epochs);
  }
  if (rungs[rungs.length - 1] !== maxEpochs) rungs.push(maxEpochs);
  return rungs;
}

/** How many of `contenders` a rung promotes: the top 1/eta, but never nobody. */
export function promotionCount(contenders: number, eta: number): number {
  if (contenders <= 0) return 0;
  return Math.max(1, Math.floor(contenders / eta));
}

/** Bracket sizes for `trials` candidates in brackets of `bracketSize`; the last may be smaller. */
export function bracketSizes(trials: number, bracketSize: number): number[] {
  const sizes: number[] = [];
  for (let left = trials; left > 0; left -= bracketSize) sizes.push(Math.min(bracketSize, left));
  return sizes;
}
