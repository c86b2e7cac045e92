// Learning-curve extrapolation on synthetic curves whose final value is known.
import test from 'ava';
import { MIN_CURVE_POINTS, normalCdf, predictCurve, probabilityBelow, type CurvePoint } from '../../domain/curves/extrapolate';
import { Rng } from '../../domain/rng';

const curve = (f: (x: number) => number, epochs: number, noise = 0, rng?: Rng): CurvePoint[] =>
  Array.from({ length: epochs }, (_, i) => ({ epoch: i + 1, value: f(i + 1) + (rng ? gaussian(rng) * noise : 0) }));

function gaussian(rng: Rng): number {
  // Box-Muller on the seeded generator.
  const u = Math.max(rng.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

test('the normal CDF matches known values', (t) => {
  t.true(Math.abs(normalCdf(0) - 0.5) < 1e-7);
  t.true(Math.abs(normalCdf(1.959964) - 0.975) < 1e-6);
  t.true(Math.abs(normalCdf(-1) - 0.158655) < 1e-6);
});

test('an exact power-law curve is extrapolated to its final value', (t) => {
  const f = (x: number) => 0.92 - 0.4 * Math.pow(x, -0.8);
  const p = predictCurve(curve(f, 5), 30);
  t.truthy(p);
  t.true(Math.abs((p?.mean ?? 0) - f(30)) < 0.02, `predicted ${p?.mean}, true ${f(30)}`);
});

test('an exact exponential curve is extrapolated to its plateau', (t) => {
  const f = (x: number) => 0.85 - 0.5 * Math.exp(-0.5 * x);
  const p = predictCurve(curve(f, 6), 20);
  t.true(Math.abs((p?.mean ?? 0) - f(20)) < 0.02, `predicted ${p?.mean}, true ${f(20)}`);
});

test('a curve flattening at 0.6 is below 0.9 with high probability; one heading to 0.97 is not', (t) => {
  const low = predictCurve(curve((x) => 0.6 - 0.3 * Math.exp(-0.8 * x), 4, 0.005, new Rng(1)), 9);
  t.truthy(low);
  t.true(probabilityBelow(low!, 0.9) > 0.99);
  const high = predictCurve(curve((x) => 0.97 - 0.12 * Math.pow(x, -0.7), 4, 0.003, new Rng(2)), 9);
  t.truthy(high);
  t.true(probabilityBelow(high!, 0.9) < 0.05, `P(below) = ${probabilityBelow(high!, 0.9)}`);
});

test('no prediction from too few points or from a falling curve', (t) => {
  t.is(predictCurve(curve((x) => 0.5 + 0.1 * x, MIN_CURVE_POINTS - 1), 9), undefined);
  t.is(predictCurve(curve((x) => 0.9 - 0.05 * x, 5), 9), undefined);
});

test('the same points give the same prediction', (t) => {
  const points = curve((x) => 0.8 - 0.3 / x, 5, 0.01, new Rng(3));
  t.deepEqual(predictCurve(points, 12), predictCurve(JSON.parse(JSON.stringify(points)), 12));
});

test('on 300 random curves, stopping at P(below) >= 0.95 rarely stops one that ends above the threshold', (t) => {
  const rng = new Rng(42);
  let wrongStops = 0;
  let rightStops = 0;
  let below = 0;
  const trials = 300;
  for (let i = 0; i < trials; i++) {
    // Power-law or exponential curves with random asymptotes, scales and rates, light noise.
    const c = 0.6 + 0.38 * rng.next();
    const a = 0.1 + 0.4 * rng.next();
    const r = 0.3 + rng.next();
    const f = rng.next() < 0.5 ? (x: number) => c - a * Math.pow(x, -r) : (x: number) => c - a * Math.exp(-r * x);
    const points = curve(f, 4, 0.004, rng);
    const threshold = 0.7 + 0.25 * rng.next();
    const truth = f(27);
    const p = predictCurve(points, 27);
    if (!p) continue;
    const stop = probabilityBelow(p, threshold) >= 0.95;
    if (truth < threshold) below++;
    if (stop && truth >= threshold) wrongStops++;
    if (stop && truth < threshold) rightStops++;
  }
  t.log(`${rightStops} of ${below} curves ending below the threshold stopped; ${wrongStops} wrong stops of ${trials}`);
  t.true(wrongStops <= trials * 0.03, `${wrongStops} wrong stops`);
  t.true(rightStops >= below * 0.3, `only ${rightStops} of ${below} stopped`);
});
