// `fidelity.resource: "scale"`: a rung trains a wider model: every convolution's filters
// multiplied by the rung's factor (minScale .. 1, where 1 is the space as configured; for the cell
// space, its initialFilters), for `fidelity.epochs` epochs.
//
// A promotion retrains from fresh weights: the wider model's weights have other shapes, so the
// smaller model's checkpoint cannot be continued. Each rung's model keeps its checkpoints in its
// own folder (<trialId>-scale<rung>), so a crashed training resumes from its own and never from
// another rung's.
import { isScalable } from '../graph/scale';
import { createSpace } from '../spaces';
import { withGraphArchitectures } from '../spaces/graph-architecture';
import { Rng } from '../rng';
import { readRungEpochs, type FidelityResource } from './resource';

/** Architectures drawn to find out whether a space has anything to scale. */
const PROBE_SAMPLES = 16;

export const scaleResource: FidelityResource = {
  name: 'scale',
  doc: 'rungs train wider models (filters x minScale .. x1), fidelity.epochs epochs each; a promotion retrains from fresh weights',
  unit: 'x',
  keys: ['epochs', 'minScale'],
  readOptions: (section, r, eta) => {
    const epochs = readRungEpochs(section, r, 'scale');
    const minScale = r.num(section, 'minScale', 'fidelity.minScale', Math.floor(1e6 / (eta * eta)) / 1e6, (n) => n > 0 && n <= 1, 'a number above 0 and at most 1 (the width factor of the lowest rung; the top rung is 1)');
    return { minEpochs: epochs, maxEpochs: epochs, resource: 'scale', minScale };
  },
  rungs: (f) => scaleRungs(f.minScale as number, f.eta),
  configProblems: ({ space }) => {
    let found: boolean;
    try {
      const s = withGraphArchitectures(createSpace(space));
      const rng = new Rng(0);
      found = Array.from({ length: PROBE_SAMPLES }, () => s.compile(s.sample(rng))).some((g) => g.nodes.some((n) => isScalable(n.op)));
    } catch {
      // The space's own problems are reported under space.*.
      return [];
    }
    if (found) return [];
    return [
      `fidelity.resource: "scale" multiplies the filters of convolutions, and the networks of space.type "${space.type}" have none ` +
        `with these options; give the space convolutions (e.g. space.operations) or use fidelity.resource "epochs" or "subset"`,
    ];
  },
  training: (f, job) => ({
    targetEpochs: f.maxEpochs,
    scale: scaleRungs(f.minScale as number, f.eta)[job.rung],
    checkpointId: `${job.trialId}-scale${job.rung}`,
  }),
};

/** Width factors eta^(k - s) for k = 0..s, s = floor(log_eta(1 / minScale)): (1/9, 3) -> [0.111111, 0.333333, 1]. */
export function scaleRungs(minScale: number, eta: number): number[] {
  const steps = Math.floor(Math.log(1 / minScale) / Math.log(eta) + 1e-9);
  return Array.from({ length: steps + 1 }, (_, k) => round(Math.pow(eta, k - steps)));
}

/** Six decimals: factors stay readable in configs and records, and exact in JSON. */
function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

