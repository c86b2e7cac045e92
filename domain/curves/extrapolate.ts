// Learning-curve extrapolation (Domhan et al. 2015, simplified to stay closed-form): fit every
// family of the ensemble to a partial validation curve, weigh the fits by how well they explain
// it (BIC), and predict the accuracy at the final epoch as a mixture of normals, one per fit,
// whose spread is the fit's residual noise plus its parameter uncertainty at that epoch.
import { CURVE_FAMILIES, evaluate, fitFamily, type CurvePoint } from './models';

export type { CurvePoint } from './models';

export interface CurveMember {
  family: string;
  weight: number;
  /** Predicted final value and its standard deviation under this member. */
  mean: number;
  sd: number;
}

export interface CurvePrediction {
  /** Epoch predicted. */
  epoch: number;
  /** Mixture mean of the final value. */
  mean: number;
  members: CurveMember[];
}

/** Fewest points a prediction is made from: two parameters plus one degree of freedom. */
export const MIN_CURVE_POINTS = 3;

/** Residual noise never assumed below this (accuracies are measured on finite validation sets). */
const MIN_SD = 0.002;

/**
 * Predicts the value at `epoch` from the points (epochs ascending, values in [0, 1]); undefined
 * with fewer than MIN_CURVE_POINTS points or when no family rises through them. Pure and
 * deterministic: the same points always give the same prediction.
 */
export function predictCurve(points: readonly CurvePoint[], epoch: number): CurvePrediction | undefined {
  const n = points.length;
  if (n < MIN_CURVE_POINTS) return undefined;
  const fits: { mean: number; sd: number; score: number; family: string }[] = [];
  for (const family of CURVE_FAMILIES) {
    const fit = fitFamily(family, points);
    if (!fit) continue;
    const dof = Math.max(1, n - fit.parameters);
    const noise = Math.max(fit.rss / dof, MIN_SD * MIN_SD);
    // Variance of the prediction of a linear fit at x: noise * (1 + phi^T (Phi^T Phi)^-1 phi).
    const g = family.basis(epoch, fit.theta);
    const [cc, ca, aa] = fit.inverse;
    const leverage = cc + 2 * ca * g + aa * g * g;
    const sd = Math.sqrt(noise * (1 + Math.max(0, leverage)));
    // Accuracy cannot exceed 1 (nor fall below what was already reached, with a rising curve).
    const mean = Math.min(1, Math.max(evaluate(family, fit, epoch), 0));
    // BIC: n ln(RSS/n) + k ln n, with RSS floored like the noise.
    const bic = n * Math.log(Math.max(fit.rss / n, MIN_SD * MIN_SD)) + fit.parameters * Math.log(n);
    fits.push({ mean, sd, score: -bic / 2, family: family.name });
  }
  if (fits.length === 0) return undefined;
  const top = Math.max(...fits.map((f) => f.score));
  const raw = fits.map((f) => Math.exp(f.score - top));
  const total = raw.reduce((s, w) => s + w, 0);
  const members = fits.map((f, i) => ({ family: f.family, weight: raw[i] / total, mean: f.mean, sd: f.sd }));
  return { epoch, mean: members.reduce((s, m) => s + m.weight * m.mean, 0), members };
}

/** Probability under the prediction that the final value is below `threshold`. */
export function probabilityBelow(prediction: CurvePrediction, threshold: number): number {
  return prediction.members.reduce((s, m) => s + m.weight * normalCdf((threshold - m.mean) / m.sd), 0);
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 erf, absolute error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
