// The training activity's answer for `dataset.name: "tabular"`: no training, a table lookup.
// The request's network is looked up by canonical graph hash in the tabular benchmark's table,
// and the stored curve from the resumed epoch to the target comes back as a training would
// report it, with the seconds the real training took as its (simulated) wall time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { graphHash } from '../domain/graph';
import { lookupTraining, type TabularTable } from '../domain/tabular';
import type { TrainRequest } from '../contracts/training';
import type { TrainActivityResult } from './types';

/** The committed table, found from dist/activities (or activities/ under ts-node) two levels up. */
export const TABLE_PATH = join(__dirname, '..', '..', 'data', 'tabular', 'cell-mnist14.json');

let cached: TabularTable | undefined;

/** The table, read once per worker process (about a hundred kB). */
export function tabularTable(path = TABLE_PATH): TabularTable {
  cached ??= JSON.parse(readFileSync(path, 'utf8')) as TabularTable;
  return cached;
}

export function answerFromTable(request: TrainRequest, attempt: number, table: TabularTable = tabularTable()): TrainActivityResult {
  const startEpoch = request.resumeFrom?.epoch ?? 0;
  const hash = graphHash(request.architecture);
  const answer = lookupTraining(table, hash, startEpoch, request.targetEpochs);
  const final = answer.history[answer.history.length - 1];
  const trainSize = table.spec.dataset.trainSize;
  return {
    trialId: request.trialId,
    epochsDone: request.targetEpochs,
    // Nothing is stored: the "checkpoint" is the table row and epoch a continuation starts from.
    checkpoint: { uri: `tabular:${hash}/epoch-${request.targetEpochs}`, epoch: request.targetEpochs },
    history: answer.history,
    final,
    params: answer.params,
    flops: answer.flops,
    wallTimeMs: Math.round(answer.seconds * 1000),
    samplesPerSecond: answer.seconds > 0 ? (trainSize * answer.history.length) / answer.seconds : 0,
    backend: { name: 'tabular', package: 'data/tabular/cell-mnist14.json', version: `format ${table.format}, built ${table.build.builtAt}`, gpu: false },
    attempt,
    startEpoch,
  };
}
