// `fidelity.resource: "epochs"` (the default): a rung trains the candidate to more epochs, and a
// promotion continues from the trial's checkpoint.
import { rungEpochs } from '../schedulers/rungs';
import type { FidelityResource } from './resource';

export const epochsResource: FidelityResource = {
  name: 'epochs',
  doc: 'rungs train to more epochs (minEpochs .. maxEpochs); a promotion continues from the checkpoint',
  unit: 'ep',
  keys: ['minEpochs', 'maxEpochs'],
  readOptions: (section, r, _eta, defaults) => {
    const maxEpochs = r.int(section, 'maxEpochs', 'fidelity.maxEpochs', defaults.maxEpochs, 1, 10_000);
    const minEpochs = r.int(section, 'minEpochs', 'fidelity.minEpochs', defaults.minEpochs, 1, 10_000);
    if (minEpochs > maxEpochs) {
      r.problems.push(`fidelity.minEpochs: must not exceed fidelity.maxEpochs (${maxEpochs}), got ${minEpochs}`);
      return { minEpochs: maxEpochs, maxEpochs };
    }
    return { minEpochs, maxEpochs };
  },
  rungs: (f) => (f.type === 'none' ? [f.maxEpochs] : rungEpochs(f.minEpochs, f.maxEpochs, f.eta)),
  configProblems: () => [],
  training: (_f, job, checkpoint) => ({ targetEpochs: job.scheduledEpochs, ...(checkpoint ? { resumeFrom: checkpoint } : {}) }),
};
