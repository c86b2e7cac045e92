// `nas pause`, `nas resume`, `nas budget` and `nas retry`: control of a running search; the
// work is in actions/control.ts.
import type { Command } from 'commander';
import { examples, type Runner } from '../command';
import { id, integer } from '../options';

const actions = () => import('../actions/control');

export function registerControlCommands(program: Command, run: Runner): void {
  examples(
    program
      .command('pause')
      .description('trainings in flight finish, nothing new starts until nas resume (the search stays running)')
      .argument('<id>', 'search id', id)
      .action(run(async (searchId: string) => (await actions()).pause(searchId))),
    ['nas pause quick'],
  );
  examples(
    program
      .command('resume')
      .description('start trainings again after nas pause')
      .argument('<id>', 'search id', id)
      .action(run(async (searchId: string) => (await actions()).resume(searchId))),
    ['nas resume quick'],
  );
  examples(
    program
      .command('budget')
      .description('raise budget.trials of a running search (new architectures to evaluate in total)')
      .argument('<id>', 'search id', id)
      .argument('<trials>', 'the new total, above the current one', integer(1, 1_000_000))
      .action(run(async (searchId: string, trials: number) => (await actions()).budget(searchId, trials))),
    ['nas budget quick 40'],
  );
  examples(
    program
      .command('retry')
      .description('train a failed trial again, at the rung where it failed; its result joins the leaderboard')
      .argument('<id>', 'search id', id)
      .argument('<trial>', 'trial id, as nas result lists it (t0003)', id)
      .action(run(async (searchId: string, trialId: string) => (await actions()).retry(searchId, trialId))),
    ['nas retry quick t0003'],
  );
}
