// `nas status`, `nas result`, `nas stop` and `nas list`: options and help; the work is in
// actions/inspect.ts, loaded only when a command runs so that --help answers at once.
import type { Command } from 'commander';
import { examples, type Runner } from '../command';
import { id, integer, nonEmpty } from '../options';

const actions = () => import('../actions/inspect');

export function registerInspectCommands(program: Command, run: Runner): void {
  examples(
    program
      .command('status')
      .description('running, completed, stopped or failed, with progress (trials done, rungs, what is training, leaderboard)')
      .argument('<id>', 'search id', id)
      .option('--json', 'print the full status report as JSON')
      .action(run(async (searchId: string, opts: { json?: boolean }) => (await actions()).status(searchId, opts))),
    ['nas status nas-20250101-120000-ab12', 'nas status quick --json | jq .progress.best'],
  );

  examples(
    program
      .command('result')
      .description('the best architecture and every trial (the final result, or the result so far)')
      .argument('<id>', 'search id', id)
      .option('--json', 'print {searchId, status, best, trials, config, ...} as JSON')
      .action(run(async (searchId: string, opts: { json?: boolean }) => (await actions()).result(searchId, opts))),
    ['nas result quick', 'nas result quick --json > result.json'],
  );

  examples(
    program
      .command('stop')
      .description('trainings in flight finish, nothing new starts, and the search returns the best so far (status "stopped")')
      .argument('<id>', 'search id', id)
      .option('--reason <text>', 'recorded in the workflow history', nonEmpty, 'nas stop')
      .action(run(async (searchId: string, opts: { reason: string }) => (await actions()).stop(searchId, opts))),
    ['nas stop quick', 'nas stop quick --reason "good enough"'],
  );

  examples(
    program
      .command('list')
      .description('recent searches, newest first, with their status, progress and best accuracy')
      .option('--limit <n>', 'show at most n searches', integer(1, 10_000), 20)
      .option('--query <query>', 'only searches matching a visibility query over NasStrategy, NasSpace, NasDataset, NasStatus, NasBestAccuracy, NasTrialsDone, NasTrialsTotal', nonEmpty)
      .option('--json', 'print the rows as a JSON array')
      .action(run(async (opts: { limit: number; query?: string; json?: boolean }) => (await actions()).list(opts))),
    ['nas list', 'nas list --limit 5 --json', `nas list --query "NasSpace = 'chain' AND NasBestAccuracy > 0.97"`, `nas list --query "NasStatus = 'running'"`],
  );
}
