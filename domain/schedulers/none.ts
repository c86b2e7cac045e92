// `fidelity.type: "none"`: every candidate trains maxEpochs, no pruning. It is successive halving
// with a single rung, so it shares that scheduler's pipeline of brackets (and its tell order).
import { SuccessiveHalvingScheduler, type SchedulerState } from './successive-halving';
import { readEta } from './options';
import type { SchedulerDefinition } from './scheduler';

export const noneScheduler: SchedulerDefinition = {
  type: 'none',
  doc: 'no early stopping: every candidate trains fidelity.maxEpochs',
  keys: ['type', 'minEpochs', 'maxEpochs', 'eta', 'bracketSize', 'resource'],
  readOptions: (section, r) => {
    if (section.resource !== undefined && section.resource !== 'epochs') {
      r.problems.push(
        `fidelity.resource: fidelity.type "none" has a single rung, so nothing grows from rung to rung; ` +
          `remove fidelity.resource ${JSON.stringify(section.resource)} or choose a scheduler with rungs (successive-halving, hyperband, asha, bohb)`,
      );
    }
    const maxEpochs = r.int(section, 'maxEpochs', 'fidelity.maxEpochs', 3, 1, 10_000);
    const minEpochs = r.int(section, 'minEpochs', 'fidelity.minEpochs', maxEpochs, 1, 10_000);
    const eta = readEta(section, r);
    if (minEpochs > maxEpochs) {
      r.problems.push(`fidelity.minEpochs: must not exceed fidelity.maxEpochs (${maxEpochs}), got ${minEpochs}`);
    }
    if (section.minEpochs !== undefined && minEpochs !== maxEpochs) {
      r.problems.push('fidelity.minEpochs: with fidelity.type "none" every candidate trains fidelity.maxEpochs; remove minEpochs');
    }
    // Brackets only group proposals here: the strategy hears a bracket's outcomes together.
    const bracketSize = r.int(section, 'bracketSize', 'fidelity.bracketSize', 4, 1, 100_000);
    return { type: 'none', minEpochs: maxEpochs, maxEpochs, eta, bracketSize };
  },
  create: (fidelity, trials) => new SuccessiveHalvingScheduler({ fidelity, trials }),
  restore: (fidelity, state) => new SuccessiveHalvingScheduler({ fidelity, state: state as SchedulerState }),
};
