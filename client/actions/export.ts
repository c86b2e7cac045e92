// What `nas export` does (its options: commands/export.ts): the chosen trial's checkpoint as a
// stock tfjs LayersModel, its architecture, and a README saying what it is and how it was made.
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { artifactsDir } from '../../infra/paths';
import { createSpace } from '../../domain/spaces';
import type { SearchResult } from '../../domain/search/types';
import { exportLayersModel } from '../../trainer/export-model';
import { NotFoundError, UsageError } from '../errors';
import { EXIT } from '../exit-codes';
import { searchResult } from '../search-client';
import { withClient } from '../with-client';

export interface ExportOptions {
  out: string;
  trial?: string;
}

export async function exportTrial(searchId: string, opts: ExportOptions): Promise<number> {
  const outDir = resolve(opts.out);
  // Refused before anything is written: an export never mixes with older files.
  if (existsSync(outDir) && readdirSync(outDir).length > 0) throw new UsageError(`--out ${outDir} exists and is not empty; choose a new folder`);
  const result = await withClient((client) => searchResult(client, searchId));
  const trialId = opts.trial ?? result.best?.trialId;
  if (trialId === undefined) throw new NotFoundError(`search ${searchId} has no finished trial yet (nas status ${searchId})`);
  const trial = result.trials.find((t) => t.trialId === trialId);
  if (!trial) throw new NotFoundError(`search ${searchId} has no trial "${trialId}" (its trials: ${result.trials.map((t) => t.trialId).join(', ')})`);
  if (!trial.checkpoint || !trial.metrics) throw new NotFoundError(`trial ${trialId} has no trained checkpoint (status ${trial.status})`);

  const model = await exportLayersModel(artifactsDir(), trial.checkpoint, outDir);
  const graph = createSpace(result.config.space).compile(trial.architecture);
  await writeFile(
    join(outDir, 'architecture.json'),
    JSON.stringify({ searchId, trialId, description: trial.description, space: result.config.space.type, architecture: trial.architecture, graph }, null, 2),
  );
  const command = ['nas', 'export', searchId, '--out', opts.out, ...(opts.trial ? ['--trial', opts.trial] : [])].join(' ');
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'README.md'), readme(result, trial, command, model.weightsBytes));
  process.stdout.write(`exported ${searchId}/${trialId} (val accuracy ${(trial.metrics.valAccuracy * 100).toFixed(2)}% after ${trial.epochs} epochs) to ${outDir}\n`);
  process.stdout.write(`load it with tf.loadLayersModel('file://${model.modelJsonPath}')\n`);
  return EXIT.ok;
}

function readme(result: SearchResult, trial: SearchResult['trials'][number], command: string, weightsBytes: number): string {
  const m = trial.metrics!;
  const d = result.config.dataset;
  const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
  return `# ${result.searchId} / ${trial.trialId}

${trial.description}

A tfjs LayersModel exported from a neural architecture search (${result.config.strategy.type} over a
${result.config.space.type} space). It takes ${d.name} images normalised as in training and outputs
class probabilities.

| metric | value |
| --- | --- |
| validation accuracy | ${pct(m.valAccuracy)} |
| validation loss | ${m.valLoss.toFixed(4)} |
| training accuracy | ${pct(m.accuracy)} |
| epochs trained | ${trial.epochs} |
| parameters | ${trial.params ?? '?'} |
| FLOPs | ${trial.flops ?? '?'} |
| trained on | ${trial.backend ? `${trial.backend.name} (${trial.backend.package} ${trial.backend.version})` : '?'} |
| data | ${d.name}: ${d.trainSize} training, ${d.validationSize} validation samples, split seed ${result.config.seed} |
| search status | ${result.status}; this trial ${result.best?.trialId === trial.trialId ? 'is the best' : `is not the best (${result.best?.trialId ?? 'none'})`} |

Files: \`model.json\` and \`weights.bin\` (${weightsBytes} bytes), the model; \`architecture.json\`, the
search-space architecture and its graph.

\`\`\`js
const tf = require('@tensorflow/tfjs-node');
const model = await tf.loadLayersModel('file://' + __dirname + '/model.json');
\`\`\`

Produced by: \`${command}\`
`;
}
