// What a search shows about itself from the moment it starts: search attributes (for
// `nas list --query` and the Web UI's filter), a memo, and the static summary and details that
// the Web UI shows in the workflow's header, its list and the User Metadata tab.
import type { SearchConfig } from '../domain/config/search-config';
import { searchAttributePairs } from '../workflows/visibility';

/** "1→3 epochs", "64→256 training samples (1 epoch each)", "width x0.25→x1 (1 epoch each)". */
function rungsOf(f: SearchConfig['fidelity']): string {
  const each = `(${f.maxEpochs} epoch${f.maxEpochs === 1 ? '' : 's'} each)`;
  if (f.resource === 'subset') return `${f.minSubset}→${f.maxSubset} training samples ${each}`;
  if (f.resource === 'scale') return `width x${f.minScale}→x1 ${each}`;
  return `${f.minEpochs}→${f.maxEpochs} epochs`;
}

export function searchStartMetadata(config: SearchConfig, configPath: string) {
  const f = config.fidelity;
  const fidelity = f.type === 'none' ? `${f.maxEpochs} epochs each` : `${f.type} over ${rungsOf(f)}, eta ${f.eta}`;
  const details = [
    `**Neural architecture search** from \`${configPath}\``,
    '',
    '| | |',
    '| --- | --- |',
    `| strategy | ${config.strategy.type} |`,
    `| space | ${config.space.type} |`,
    `| dataset | ${config.dataset.name}: ${config.dataset.trainSize} train, ${config.dataset.validationSize} validation |`,
    `| fidelity | ${fidelity} |`,
    `| budget | ${config.budget.trials} trials, ${config.concurrency} at once |`,
    `| training | ${config.training.optimizer}, lr ${config.training.learningRate}, batch ${config.training.batchSize}, backend ${config.training.backend} |`,
    `| seed | ${config.seed} |`,
    '',
    'Live progress: the workflow details below, `nas watch <id>`, or the `status` query.',
  ].join('\n');
  return {
    typedSearchAttributes: searchAttributePairs(config),
    memo: {
      dataset: config.dataset.name,
      strategy: config.strategy.type,
      space: config.space.type,
      trials: config.budget.trials,
      configPath,
    },
    staticSummary: `NAS ${config.strategy.type} · ${config.space.type} space · ${config.dataset.name} · ${config.budget.trials} trials`,
    staticDetails: details,
  };
}
