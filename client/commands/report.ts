// `nas report <id> --out DIR`: options and help; the work is in actions/report.ts.
import type { Command } from 'commander';
import { examples, type Runner } from '../command';
import { id, nonEmpty } from '../options';

export function registerReport(program: Command, run: Runner): void {
  examples(
    program
      .command('report')
      .description(
        'write DIR/index.html, a self-contained report (no network at view time): anytime best accuracy against wall time ' +
          'and trials, learning curves, accuracy against parameters and FLOPs with the Pareto front, the rungs, the best architecture',
      )
      .argument('<id>', 'search id', id)
      .requiredOption('--out <dir>', 'folder for index.html (created if needed)', nonEmpty)
      .action(run(async (searchId: string, opts: { out: string }) => (await import('../actions/report')).report(searchId, opts))),
    ['nas report quick --out ./report && xdg-open ./report/index.html'],
  );
}
