// `nas validate [config]`: checks a config and prints it with every default filled in.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { examples, type Runner } from '../command';
import { EXIT } from '../exit-codes';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../load-config';

export function registerValidate(program: Command, run: Runner): void {
  examples(
    program
      .command('validate')
      .description('check a config and print it as JSON with every default filled in (exit code 2 if invalid)')
      .argument('[config]', 'JSON or YAML search config (default: configs/mnist.json)')
      .action(
        run(async (config: string | undefined) => {
          const validated = loadConfig(resolve(config ?? DEFAULT_CONFIG_PATH));
          process.stdout.write(`${JSON.stringify(validated, null, 2)}\n`);
          return EXIT.ok;
        }),
      ),
    ['nas validate configs/synthetic.json', 'nas validate my-search.yaml | jq .fidelity'],
  );
}
