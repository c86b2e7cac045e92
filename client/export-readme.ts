// The README.md an export writes beside the model: what it is, how well it did, and how it was
// made (with a retraining: from what, for how long, on which data, in which workflow).
import type { ResultTrial, SearchResult } from '../domain/search/types';
import type { TrainingPath } from '../contracts/training';
import type { RetrainWorkflowResult } from '../workflows/retrain-definitions';
import { retrainWorkflowId } from '../workflows/retrain-definitions';

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

export function exportReadme(result: SearchResult, trial: ResultTrial, command: string, weightsBytes: number, retrain?: RetrainWorkflowResult): string {
  const m = trial.metrics;
  const d = result.config.dataset;
  const backend = retrain?.result.backend ?? trial.backend;
  // The step of the training that made these weights: the retraining's when there was one.
  const path = retrain ? retrain.result.trainingPath : trial.trainingPath;
  const rows: [string, string][] = [];
  if (retrain) {
    const f = retrain.result.final;
    rows.push(
      ['retrained', `yes: ${retrain.result.epochsDone} epochs from fresh weights on ${d.trainSize + d.validationSize} samples (training + validation)`],
      ['training loss after retraining', f.loss.toFixed(4)],
      ['training accuracy after retraining', pct(f.accuracy)],
      ['validation accuracy after retraining', `${pct(f.valAccuracy)} (on samples it trained on: not held out)`],
    );
  }
  if (m) {
    const during = retrain ? ' in the search' : '';
    rows.push(
      [`validation accuracy${during}`, pct(m.valAccuracy)],
      [`validation loss${during}`, m.valLoss.toFixed(4)],
      [`training accuracy${during}`, pct(m.accuracy)],
    );
  }
  rows.push(
    [retrain ? 'epochs trained in the search' : 'epochs trained', String(trial.epochs)],
    ['parameters', String(retrain?.result.params ?? trial.params ?? '?')],
    ['FLOPs', String(retrain?.result.flops ?? trial.flops ?? '?')],
    ['trained on', backend ? `${backend.name} (${backend.package} ${backend.version})${stepNote(path)}` : '?'],
    ['data', `${d.name}: ${d.trainSize} training, ${d.validationSize} validation samples, split seed ${result.config.seed}`],
    ['search status', `${result.status}; this trial ${result.best?.trialId === trial.trialId ? 'is the best' : `is not the best (${result.best?.trialId ?? 'none'})`}`],
  );
  return `# ${result.searchId} / ${trial.trialId}${retrain ? ' (retrained)' : ''}

${trial.description}

A tfjs LayersModel exported from a neural architecture search (${result.config.strategy.type} over a
${result.config.space.type} space). It takes ${d.name} images normalised as in training and outputs
class probabilities.
${retrain ? retrainSection(result, trial, retrain) : ''}
| metric | value |
| --- | --- |
${rows.map(([k, v]) => `| ${k} | ${v} |`).join('\n')}

Files: \`model.json\` and \`weights.bin\` (${weightsBytes} bytes), the model; \`architecture.json\`, the
search-space architecture and its graph.

\`\`\`js
const tf = require('@tensorflow/tfjs-node');
const model = await tf.loadLayersModel('file://' + __dirname + '/model.json');
\`\`\`

Produced by: \`${command}\`
`;
}

/** ", graph step" or ", eager step (why not the graph)"; nothing when the record does not say. */
function stepNote(path: TrainingPath | undefined): string {
  if (path === undefined) return '';
  // A pipe would end the table cell.
  return `, ${path.step} step${path.reason !== undefined ? ` (${path.reason.replace(/\|/g, '\\|')})` : ''}`;
}

function retrainSection(result: SearchResult, trial: ResultTrial, retrain: RetrainWorkflowResult): string {
  const d = result.config.dataset;
  const r = retrain.result;
  const resumed =
    r.startEpoch === 0
      ? ''
      : r.startEpoch >= r.epochsDone
        ? '; an earlier run of it had finished, so its last checkpoint was taken as it was'
        : `, resumed from its epoch-${r.startEpoch} checkpoint (attempt ${r.attempt})`;
  return `
**Retrained before export.** These weights are not the search's: the network was trained again
from fresh weights (seed ${retrain.request.seed}) for ${r.epochsDone} epochs, the search's full fidelity, on the
${d.trainSize} training and ${d.validationSize} validation samples of ${d.name} together (split seed
${result.config.seed}), ${result.config.training.optimizer} at learning rate ${result.config.training.learningRate}, batch
${result.config.training.batchSize}. It ran as the Temporal workflow \`${retrainWorkflowId(result.searchId, trial.trialId)}\`
(type nasRetrain)${resumed}. No held-out sample is left to score it on: the accuracy the search
measured for this network on unseen data is the estimate to quote.
`;
}
