// `fidelity.resource`: what a rung gives a candidate more of. The schedulers decide which rung a
// trial trains at; a resource says what that rung means for the training (epochs, training
// samples, model width), and whether a promotion continues from the trial's checkpoint or
// trains afresh. A new resource is one file exporting a FidelityResource plus one line in
// register-all.ts.
import type { ConfigReader, Json } from '../config/reader';
import type { DatasetSection, FidelitySection } from '../config/search-config';
import type { SpaceOptions } from '../spaces';
import type { CheckpointRef } from '../../contracts/training';

/** The resource's fields of a validated `fidelity` section (minEpochs/maxEpochs included). */
export interface ResourceFields {
  minEpochs: number;
  maxEpochs: number;
  /** Absent for "epochs", so that configs from before resources parse to themselves. */
  resource?: string;
  minSubset?: number;
  maxSubset?: number;
  minScale?: number;
}

/** What one job of a trial trains, as the engine hands it to the trainer. */
export interface RungTraining {
  /** Total epochs the trial's model has when the job ends. */
  targetEpochs: number;
  /** Continue from this checkpoint; absent: fresh weights. */
  resumeFrom?: CheckpointRef;
  /** Train on the first `subset` samples of the training split only. */
  subset?: number;
  /** Width factor: every convolution's filters multiplied by it (domain/graph/scale.ts). */
  scale?: number;
  /**
   * The folder its checkpoints go to when they must not mix with the trial's others (a model of
   * another shape); absent: the trial's own.
   */
  checkpointId?: string;
}

export interface FidelityResource {
  readonly name: string;
  /** One line for the README and error messages. */
  readonly doc: string;
  /** How a rung's value reads in views (after the number): "ep", " samples", "x". */
  readonly unit: string;
  /** `fidelity.*` keys it reads; every other resource's keys are refused with it. */
  readonly keys: readonly string[];
  /**
   * Reads its keys (defaults filled in) into the section's resource fields; problems name their
   * `fidelity.*` key. `defaults` are the scheduler's epoch defaults.
   */
  readOptions(section: Json, r: ConfigReader, eta: number, defaults: { minEpochs: number; maxEpochs: number }): ResourceFields;
  /** The value of every rung, lowest first, in the resource's unit. */
  rungs(fidelity: FidelitySection): number[];
  /** Problems with the rest of the config (the dataset's size, the space), each naming its key. */
  configProblems(config: { dataset: DatasetSection; space: SpaceOptions; fidelity: FidelitySection }): string[];
  /**
   * What a job at `rung` trains. `scheduledEpochs` is the scheduler's target (for "epochs" the
   * rung's epochs, or an early-stopping step); `checkpoint` the trial's latest.
   */
  training(fidelity: FidelitySection, job: { trialId: string; rung: number; scheduledEpochs: number }, checkpoint: CheckpointRef | undefined): RungTraining;
}

/**
 * fidelity.epochs of a resource whose rungs all train the same epochs (subset, scale). A parsed
 * config stores them as minEpochs = maxEpochs = epochs and is parsed again by the workflow, so
 * those are accepted when they say the same; any other value is refused (it would mean epochs
 * grow from rung to rung, which is the "epochs" resource).
 */
export function readRungEpochs(section: Json, r: ConfigReader, resource: string): number {
  const stated = typeof section.maxEpochs === 'number' ? section.maxEpochs : 1;
  const epochs = r.int(section, 'epochs', 'fidelity.epochs', stated, 1, 10_000);
  for (const key of ['minEpochs', 'maxEpochs']) {
    if (section[key] !== undefined && section[key] !== epochs) {
      r.problems.push(
        `fidelity.${key}: with fidelity.resource "${resource}" every rung trains fidelity.epochs (${epochs}) epochs; ` +
          `remove fidelity.${key} (or use fidelity.resource "epochs" for rungs of growing epochs)`,
      );
    }
  }
  return epochs;
}
