// `nas search [config]`: its options and help; the work is in actions/search.ts.
import type { Command } from 'commander';
import { BACKEND_CHOICES } from '../../contracts/names';
import { examples, type Runner } from '../command';
import { id, integer, oneOf } from '../options';
import type { SearchOptions } from '../actions/search';

export function registerSearch(program: Command, run: Runner): void {
  examples(
    program
      .command('search')
      .description('start a search and follow it live (--detach: print its id and return)')
      .argument('[config]', 'JSON or YAML search config (default: configs/mnist.json); see nas validate')
      .option('--detach', 'print the search id on stdout and return, leaving a background worker if none was there')
      .option('--id <id>', 'search id (the workflow id); default nas-<date>-<time>-<random>', id)
      .option('--backend <name>', `training backend: ${BACKEND_CHOICES.join(', ')}`, oneOf(BACKEND_CHOICES))
      .option('--trials <n>', 'budget: new architectures to evaluate (budget.trials)', integer(1, 1_000_000))
      .option('--concurrency <n>', 'trainings in flight at once', integer(1, 1024))
      .option('--seed <n>', 'seed everything random derives from', integer(0, 2 ** 31 - 1))
      .option('--json', 'follow with one JSON object per line on stdout (as nas watch --json)')
      .action(run(async (config: string | undefined, opts: SearchOptions) => (await import('../actions/search')).searchCommand(config, opts))),
    [
      'nas search                                  # configs/mnist.json, followed until it ends',
      'nas search configs/synthetic.json --trials 6 --seed 1',
      'nas search my-search.yaml --detach --id cifar-cells',
    ],
  );
}

