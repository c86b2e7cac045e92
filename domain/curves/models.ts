// Parametric learning-curve families (after Domhan et al. 2015), each fitted to a partial
// validation curve by least squares. Every family is linear in two parameters (an asymptote c
// and a scale a) once its shape parameter is fixed, so a fit is a scan over a fixed grid of
// shapes with a closed-form 2x2 solve at each: deterministic, no iterative optimiser, no
// starting point to choose.

/** One point of a curve: validation accuracy after `epoch` epochs. */
export interface CurvePoint {
  epoch: number;
  value: number;
}

/** A family y = c + a * g_theta(x): `basis` is g for one shape theta; `shapes` is the grid scanned. */
export interface CurveFamily {
  readonly name: string;
  readonly shapes: readonly number[];
  basis(x: number, theta: number): number;
}

/** `count` values from lo to hi, evenly spaced in log scale. */
function logGrid(lo: number, hi: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => lo * Math.pow(hi / lo, i / (count - 1)));
}

/**
 * The ensemble. In each, a > 0 makes the curve rise (g grows with x): a fit that only falls is
 * not a learning curve and is left out (see fitFamily).
 */
export const CURVE_FAMILIES: readonly CurveFamily[] = [
  // pow3: y = c - a x^-alpha
  { name: 'pow3', shapes: logGrid(0.05, 4, 48), basis: (x, alpha) => -Math.pow(x, -alpha) },
  // exp3: y = c - a e^(-b x)
  { name: 'exp3', shapes: logGrid(0.01, 3, 48), basis: (x, b) => -Math.exp(-b * x) },
  // log2: y = c + a ln x (no shape parameter)
  { name: 'log2', shapes: [0], basis: (x) => Math.log(x) },
  // ilog2: y = c - a / ln(x + 1)
  { name: 'ilog2', shapes: [0], basis: (x) => -1 / Math.log(x + 1) },
  // janoschek-like: y = c - a e^(-x^k) with the rate folded into a (here k is the shape)
  { name: 'weibull', shapes: logGrid(0.1, 1.5, 24), basis: (x, k) => -Math.exp(-Math.pow(x / 10, k)) },
];

/** A fitted member of a family. */
export interface CurveFit {
  family: string;
  theta: number;
  c: number;
  a: number;
  /** Residual sum of squares on the points. */
  rss: number;
  /** Free parameters (2, or 3 with a shape scanned), for the model weights. */
  parameters: number;
  /** (Phi^T Phi)^-1 of the 2-parameter linear fit, for the prediction's variance. */
  inverse: [number, number, number];
}

/** Least squares of y = c + a g for one shape; undefined when the design is singular. */
function solve(points: readonly CurvePoint[], g: (x: number) => number): Omit<CurveFit, 'family' | 'theta' | 'parameters'> | undefined {
  let n = 0;
  let sg = 0;
  let sgg = 0;
  let sy = 0;
  let sgy = 0;
  for (const p of points) {
    const v = g(p.epoch);
    n += 1;
    sg += v;
    sgg += v * v;
    sy += p.value;
    sgy += v * p.value;
  }
  const det = n * sgg - sg * sg;
  // Relative test: a near-constant basis on these epochs cannot be told from the asymptote.
  if (!(Math.abs(det) > 1e-12 * Math.max(1, n * sgg))) return undefined;
  const a = (n * sgy - sg * sy) / det;
  const c = (sy - a * sg) / n;
  let rss = 0;
  for (const p of points) rss += (p.value - c - a * g(p.epoch)) ** 2;
  // Inverse of [[n, sg], [sg, sgg]] stored as (c-c, c-a, a-a) entries.
  return { c, a, rss, inverse: [sgg / det, -sg / det, n / det] };
}

/** The best rising member of `family` for the points, or undefined when none rises. */
export function fitFamily(family: CurveFamily, points: readonly CurvePoint[]): CurveFit | undefined {
  let best: CurveFit | undefined;
  for (const theta of family.shapes) {
    const fit = solve(points, (x) => family.basis(x, theta));
    if (!fit || !(fit.a >= 0)) continue;
    // Strictly better only: among equals the first shape of the grid wins, so fits never depend on float noise order.
    if (!best || fit.rss < best.rss - 1e-15) {
      best = { family: family.name, theta, ...fit, parameters: family.shapes.length > 1 ? 3 : 2 };
    }
  }
  return best;
}

/** The fitted curve's value at `epoch`. */
export function evaluate(family: CurveFamily, fit: CurveFit, epoch: number): number {
  return fit.c + fit.a * family.basis(epoch, fit.theta);
}
