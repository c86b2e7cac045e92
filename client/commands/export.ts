// `nas export <id> --out DIR`: options and help; the work is in actions/export.ts.
import type { Command } from 'commander';
import { examples, type Runner } from '../command';
import { id, nonEmpty } from '../options';
import type { ExportOptions } from '../actions/export';

export function registerExport(program: Command, run: Runner): void {
  examples(
    program
      .command('export')
      .description("write a trial (default: the best), as trained or retrained, as a tfjs LayersModel (model.json + weights.bin), its architecture and a README")
      .argument('<id>', 'search id', id)
      .requiredOption('--out <dir>', 'a new (or empty) folder for the files', nonEmpty)
      .option('--trial <trial>', 'trial id, e.g. t0007 (default: the best trial)', id)
      .option('--retrain', "first train it again from fresh weights at the search's full fidelity on training + validation data (a durable nasRetrain workflow; needs a finished search)")
      .action(run(async (searchId: string, opts: ExportOptions) => (await import('../actions/export')).exportTrial(searchId, opts))),
    ['nas export quick --out ./best-model', 'nas export quick --trial t0004 --out ./t0004', 'nas export quick --retrain --out ./final-model'],
  );
}
