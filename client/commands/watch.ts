// `nas watch <id>`: options and help; the work is in actions/watch.ts.
import type { Command } from 'commander';
import { examples, type Runner } from '../command';
import { id, integer } from '../options';
import type { WatchOptions } from '../actions/watch';

export function registerWatch(program: Command, run: Runner): void {
  examples(
    program
      .command('watch')
      .description(
        'follow a search live until it ends: a bar per training in flight (epoch, loss, accuracy, time left), trials ' +
          'against the budget, rungs, best so far; redrawn in place on a terminal, plain lines otherwise',
      )
      .argument('<id>', 'search id', id)
      .option('--json', 'one JSON object per line whenever something changes')
      .option('--interval <seconds>', 'seconds between looks', integer(1, 3600), 2)
      .action(run(async (searchId: string, opts: WatchOptions) => (await import('../actions/watch')).watch(searchId, opts))),
    ['nas watch quick', 'nas watch quick --json | jq -c .trainings', 'nas watch quick > progress.log   # plain lines'],
  );
}
