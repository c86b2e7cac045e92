// `nas gc <id> --keep N`: options and help; the work is in actions/gc.ts.
import type { Command } from 'commander';
import { examples, type Runner } from '../command';
import { id, integer } from '../options';
import type { GcOptions } from '../actions/gc';

export function registerGc(program: Command, run: Runner): void {
  examples(
    program
      .command('gc')
      .description('delete the checkpoints of a finished search except those of its N best trials (as ranked by nas result)')
      .argument('<id>', 'search id', id)
      .requiredOption('--keep <n>', 'how many of the best trials keep their final checkpoint', integer(0))
      .option('--dry-run', 'only print what would be removed')
      .action(run(async (searchId: string, opts: GcOptions) => (await import('../actions/gc')).gc(searchId, opts))),
    ['nas gc quick --keep 3', 'nas gc quick --keep 1 --dry-run'],
  );
}
