// What `nas export` does (its options: commands/export.ts): the chosen trial's checkpoint (or,
// with --retrain, that of a full-fidelity retraining on training + validation data) as a stock
// tfjs LayersModel, its architecture, and a README saying what it is and how it was made.
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { artifactsDir } from '../../infra/paths';
import type { ResultTrial, SearchResult } from '../../domain/search/types';
import type { CheckpointRef } from '../../contracts/training';
import { exportLayersModel, type ExportedModel } from '../../trainer/export-model';
import type { RetrainWorkflowResult } from '../../workflows/retrain-definitions';
import { NotFoundError, UsageError } from '../errors';
import { EXIT } from '../exit-codes';
import { exportReadme } from '../export-readme';
import { searchResult } from '../search-client';
import { withClient } from '../with-client';
import { writeLine } from '../watch/follow';
import { retrainTrial, trialGraph } from './retrain';
import { scaleGraph } from '../../domain/graph/scale';
import type { ArchitectureGraph } from '../../contracts/graph';

export interface ExportOptions {
  out: string;
  trial?: string;
  retrain?: boolean;
}

export async function exportTrial(searchId: string, opts: ExportOptions): Promise<number> {
  const outDir = resolve(opts.out);
  // Refused before anything is written: an export never mixes with older files.
  if (existsSync(outDir) && readdirSync(outDir).length > 0) throw new UsageError(`--out ${outDir} exists and is not empty; choose a new folder`);
  const log = (line: string): void => writeLine(process.stderr, line);
  const { result, trial, retrain } = await withClient(async (client, namespace) => {
    const found = await searchResult(client, searchId);
    if (opts.retrain) checkSearchFinished(found);
    const chosen = chooseTrial(found, opts);
    if (!opts.retrain) return { result: found, trial: chosen };
    checkTrialTrains(chosen);
    return { result: found, trial: chosen, retrain: await retrainTrial(client, namespace, found, chosen, log) };
  });
  const checkpoint = retrain ? retrain.result.checkpoint : trial.checkpoint!;

  const model = await writeModel(checkpoint, outDir);
  await writeFile(
    join(outDir, 'architecture.json'),
    JSON.stringify(
      { searchId, trialId: trial.trialId, description: trial.description, space: result.config.space.type, architecture: trial.architecture, graph: exportedGraph(result, trial, retrain !== undefined) },
      null,
      2,
    ),
  );
  const command = ['nas', 'export', searchId, '--out', opts.out, ...(opts.trial ? ['--trial', opts.trial] : []), ...(opts.retrain ? ['--retrain'] : [])].join(' ');
  await writeFile(join(outDir, 'README.md'), exportReadme(result, trial, command, model.weightsBytes, retrain));
  process.stdout.write(`${summary(result, trial, retrain)} to ${outDir}\n`);
  process.stdout.write(`load it with tf.loadLayersModel('file://${model.modelJsonPath}')\n`);
  return EXIT.ok;
}

/**
 * The one place an export reads training artifacts: the checkpoint, through the trainer's
 * exporter, from the artifact root.
 */
async function writeModel(checkpoint: CheckpointRef, outDir: string): Promise<ExportedModel> {
  await mkdir(outDir, { recursive: true });
  return exportLayersModel(artifactsDir(), checkpoint, outDir);
}

/**
 * The network the exported weights belong to: under fidelity.resource "scale" a trial's
 * checkpoint is the model of its last rung, at that rung's width (a retraining is at full width).
 */
function exportedGraph(result: SearchResult, trial: ResultTrial, retrained: boolean): ArchitectureGraph {
  const graph = trialGraph(result, trial);
  const scale = trial.segments[trial.segments.length - 1]?.scale;
  return retrained || scale === undefined ? graph : scaleGraph(graph, scale);
}

function chooseTrial(result: SearchResult, opts: ExportOptions): ResultTrial {
  const trialId = opts.trial ?? result.best?.trialId;
  if (trialId === undefined) throw new NotFoundError(`search ${result.searchId} has no finished trial yet (nas status ${result.searchId})`);
  const trial = result.trials.find((t) => t.trialId === trialId);
  if (!trial) {
    throw new NotFoundError(`search ${result.searchId} has no trial "${trialId}" (--trial; its trials: ${result.trials.map((t) => t.trialId).join(', ')})`);
  }
  if (opts.retrain) return trial;
  if (trial.status === 'duplicate' && trial.duplicateOf) {
    throw new NotFoundError(`trial ${trialId} was not trained: it is the same network as ${trial.duplicateOf} (--trial ${trial.duplicateOf})`);
  }
  if (!trial.checkpoint || !trial.metrics) throw new NotFoundError(`trial ${trialId} has no trained checkpoint (status ${trial.status}); --retrain trains it first`);
  return trial;
}

/** --retrain trains what the search chose: once it has chosen. */
function checkSearchFinished(result: SearchResult): void {
  if (result.status === 'running') {
    throw new UsageError(
      `search ${result.searchId} is still running, and --retrain retrains what it chose: wait for it (nas watch ${result.searchId}), ` +
        `stop it (nas stop ${result.searchId}), or export a trial as trained so far without --retrain`,
    );
  }
}

/** Only a network that trained in the search is worth training again. */
function checkTrialTrains(trial: ResultTrial): void {
  if (trial.status === 'failed') {
    throw new UsageError(`trial ${trial.trialId} failed in the search (${trial.error ?? 'no message'}); --trial must name a trial that trained`);
  }
}

function summary(result: SearchResult, trial: ResultTrial, retrain?: RetrainWorkflowResult): string {
  const id = `${result.searchId}/${trial.trialId}`;
  if (retrain) {
    const f = retrain.result.final;
    return `exported ${id} retrained for ${retrain.result.epochsDone} epochs on training + validation data (training accuracy ${(f.accuracy * 100).toFixed(2)}%)`;
  }
  return `exported ${id} (val accuracy ${(trial.metrics!.valAccuracy * 100).toFixed(2)}% after ${trial.epochs} epochs)`;
}
