// Chooses between the graph path (trainer/graph/) and the eager path (model.fit) for one
// trial. NAS_TRAIN_STEP=auto|graph|eager (default auto: the graph path trains faster than the
// eager one on every bench model, bench/train-throughput): auto and graph use the graph path
// when it covers the model on this backend and fall back to eager otherwise (graph also
// warns); eager turns it off. Either way the trial's result says which path trained it and,
// on a fallback, why.
import type * as tf from '@tensorflow/tfjs';
import type { BackendInfo, TrainingPath } from '../../contracts/training';
import type { DatasetSplit } from '../datasets';
import { loadGraphStepAddon } from './addon';
import { GraphTrainer } from './graph-trainer';

export const STEP_PATHS = ['auto', 'graph', 'eager'] as const;
export type StepPathChoice = (typeof STEP_PATHS)[number];

export function stepPathChoice(env: NodeJS.ProcessEnv = process.env): StepPathChoice {
  const raw = env.NAS_TRAIN_STEP;
  if (raw === undefined || raw === '') return 'auto';
  if (!(STEP_PATHS as readonly string[]).includes(raw)) {
    throw new Error(`NAS_TRAIN_STEP must be one of ${STEP_PATHS.join(', ')}, got '${raw}'`);
  }
  return raw as StepPathChoice;
}

const warned = new Set<string>();

/** Falls back loudly (once per reason and process) when the graph path was asked for. */
function fallback(reason: string, choice: StepPathChoice): { trainer?: undefined; path: TrainingPath } {
  if (choice === 'graph' && !warned.has(reason)) {
    warned.add(reason);
    process.stderr.write(`[trainer] NAS_TRAIN_STEP=graph: training on the eager path: ${reason}\n`);
  }
  return { path: { step: 'eager', reason } };
}

/** A graph trainer for `model`, or the reason the eager path trains it. */
export function openGraphTrainer(
  model: tf.LayersModel, optimizer: tf.Optimizer, split: DatasetSplit, backend: BackendInfo,
  requested: StepPathChoice | undefined,
): { trainer?: GraphTrainer; path: TrainingPath } {
  const choice = requested ?? stepPathChoice();
  if (choice === 'eager') return { path: { step: 'eager', reason: 'NAS_TRAIN_STEP=eager' } };
  if (backend.name !== 'tensorflow') return fallback(`the graph path needs the tensorflow backend (this trainer runs ${backend.name})`, choice);
  const addon = loadGraphStepAddon(backend.package);
  if (!addon.ok) return fallback(addon.reason, choice);
  try {
    return { trainer: GraphTrainer.create(addon.addon, model, optimizer, split), path: { step: 'graph' } };
  } catch (err) {
    return fallback(`the model is not covered: ${(err as Error).message}`, choice);
  }
}
