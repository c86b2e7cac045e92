// The training activity's answer for `dataset.name: "tabular"`: no training, a table lookup.
// The request's network is looked up by canonical graph hash in the tabular benchmark's table,
// and the stored curve from the resumed epoch to the target comes back as a training would
// report it, with the seconds the real training took as its (simulated) wall time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { graphHash } from '../domain/graph';
import { DEFAULT_TABLE, TabularLookupError, lookupTraining, tabularSpec, tabularTableNames, type TabularTable } from '../domain/tabular';
import type { TrainRequest } from '../contracts/training';
import type { TrainActivityResult } from './types';

/** The committed table `name`, found from dist/activities (or activities/ under ts-node) two levels up. */
export function tablePathOf(name: string): string {
  return join(__dirname, '..', '..', 'data', 'tabular', `${name}.json`);
}

const cached = new Map<string, TabularTable>();

/** Table `name` (one of domain/tabular/spec.ts, never any path), read once per worker process. */
export function tabularTable(name = DEFAULT_TABLE): TabularTable {
  if (tabularSpec(name) === undefined) throw new TabularLookupError(`dataset.table: no tabular benchmark table is named ${JSON.stringify(name)}; one of ${tabularTableNames().join(', ')}`);
  let table = cached.get(name);
  if (table === undefined) {
    table = JSON.parse(readFileSync(tablePathOf(name), 'utf8')) as TabularTable;
    cached.set(name, table);
  }
  return table;
}

export function answerFromTable(request: TrainRequest, attempt: number, table: TabularTable = tabularTable(request.dataset.table)): TrainActivityResult {
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
    backend: { name: 'tabular', package: `data/tabular/${request.dataset.table ?? DEFAULT_TABLE}.json`, version: `format ${table.format}, built ${table.build.builtAt}`, gpu: false },
    attempt,
    startEpoch,
  };
}
