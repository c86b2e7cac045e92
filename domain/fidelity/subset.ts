// `fidelity.resource: "subset"`: a rung trains on more of the training samples (the first n of
// the search's fixed shuffle, so a rung's subset contains the lower rungs'), always against the
// same validation set, for `fidelity.epochs` epochs.
//
// A promotion continues from the trial's checkpoint: the weights a smaller subset gave are a
// valid start on the larger one (what a practitioner would do), and the epochs already spent are
// not thrown away. A trial's score at a rung is therefore that of the same training history for
// every trial competing there: `epochs` epochs on each rung's subset up to this one.
import { rungEpochs } from '../schedulers/rungs';
import type { ConfigReader } from '../config/reader';
import { readRungEpochs, type FidelityResource } from './resource';

export const subsetResource: FidelityResource = {
  name: 'subset',
  doc: 'rungs train on more training samples (minSubset .. maxSubset, default dataset.trainSize), fidelity.epochs epochs each; a promotion continues from the checkpoint',
  unit: ' samples',
  keys: ['epochs', 'minSubset', 'maxSubset'],
  readOptions: (section, r, eta) => {
    const epochs = readRungEpochs(section, r, 'subset');
    // The config reader fills maxSubset in from dataset.trainSize before the scheduler reads it.
    const maxSubset = r.int(section, 'maxSubset', 'fidelity.maxSubset', 1, 1, 10_000_000);
    const minSubset = readMinSubset(section.minSubset, maxSubset, eta, r);
    if (minSubset > maxSubset) {
      r.problems.push(`fidelity.minSubset: must not exceed fidelity.maxSubset (${maxSubset} training samples), got ${minSubset}`);
      return { minEpochs: epochs, maxEpochs: epochs, resource: 'subset', minSubset: maxSubset, maxSubset };
    }
    return { minEpochs: epochs, maxEpochs: epochs, resource: 'subset', minSubset, maxSubset };
  },
  rungs: (f) => rungEpochs(f.minSubset as number, f.maxSubset as number, f.eta),
  configProblems: ({ dataset, fidelity }) => {
    const max = fidelity.maxSubset as number;
    if (max <= dataset.trainSize) return [];
    return [`fidelity.maxSubset: ${max} training samples, but dataset.trainSize is ${dataset.trainSize}; lower fidelity.maxSubset (it defaults to dataset.trainSize) or raise dataset.trainSize`];
  },
  training: (f, job, checkpoint) => ({
    targetEpochs: (checkpoint?.epoch ?? 0) + f.maxEpochs,
    ...(checkpoint ? { resumeFrom: checkpoint } : {}),
    subset: rungEpochs(f.minSubset as number, f.maxSubset as number, f.eta)[job.rung],
  }),
};

/**
 * minSubset: a number of samples (an integer >= 1), or a fraction of maxSubset (0 < x < 1).
 * Default: maxSubset / eta^2, three rungs as with the epochs' default 1/3/9.
 */
function readMinSubset(raw: unknown, maxSubset: number, eta: number, r: ConfigReader): number {
  // Floored: a bottom rung just above maxSubset / eta^2 would leave only two rungs.
  if (raw === undefined) return Math.max(1, Math.floor(maxSubset / (eta * eta)));
  if (typeof raw === 'number' && raw > 0 && raw < 1) return Math.max(1, Math.round(raw * maxSubset));
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 1) return raw;
  r.problems.push(`fidelity.minSubset: must be a number of training samples (an integer >= 1) or a fraction of fidelity.maxSubset (between 0 and 1), got ${JSON.stringify(raw)}`);
  return maxSubset;
}
