// The best trial's checkpoint, loaded the way a resumed training loads it (trainer/checkpoint.ts
// into the network built from the trial's graph), evaluated on the search's validation split:
// its accuracy must be the one the search recorded for that epoch.
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../trainer/backend';
import { loadCheckpoint } from '../../trainer/checkpoint';
import { trainingSplit } from '../../trainer/datasets';
import { disposeSplitTensors, splitTensors } from '../../trainer/dataset-tensors';
import { buildModel } from '../../trainer/model/build';
import { compileForClassification } from '../../trainer/model/compile';
import type { ArchitectureGraph } from '../../contracts/graph';
import type { CheckpointRef, TrainingConfig, DatasetConfig } from '../../contracts/training';

export interface Reproduction {
  valAccuracy: number;
  valLoss: number;
}

export async function evaluateCheckpoint(
  artifactRoot: string,
  checkpoint: CheckpointRef,
  graph: ArchitectureGraph,
  dataset: DatasetConfig,
  training: TrainingConfig,
  seed: number,
): Promise<Reproduction> {
  // The backend the workers' 'auto' picks on this machine, as in the trainers.
  await selectBackend('auto', { log: () => undefined });
  const split = trainingSplit(dataset);
  const model = buildModel(graph, split.shape, split.numClasses, seed);
  const optimizer = compileForClassification(model, training);
  const data = splitTensors(split);
  try {
    await loadCheckpoint(artifactRoot, checkpoint, model, training.optimizer);
    const out = model.evaluate(data.validation.x, data.validation.y, { batchSize: training.batchSize }) as tf.Scalar[];
    const [loss, accuracy] = await Promise.all(out.map((t) => t.data()));
    tf.dispose(out);
    return { valAccuracy: accuracy[0], valLoss: loss[0] };
  } finally {
    disposeSplitTensors(data);
    model.dispose();
    optimizer.dispose();
  }
}
