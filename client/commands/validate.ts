// `nas validate [config]`: checks a config and prints it with every default filled in;
// `nas validate --spaces` lists the search-space families with their defaults instead.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { examples, type Runner } from '../command';
import { EXIT } from '../exit-codes';
import { UsageError } from '../errors';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../load-config';
import { summariseSpaceFamilies } from '../../domain/spaces';

/** Each family: its doc, its defaults as one line of JSON (what `space:` may hold), an example network. */
function spacesText(): string {
  const blocks = summariseSpaceFamilies().map(({ type, doc, defaults, required, example }) =>
    [
      `${type}: ${doc}`,
      ...(defaults === undefined || example === undefined
        ? [`  defaults: none; a config must give them (${required})`]
        : [
            `  defaults: ${JSON.stringify(defaults)}`,
            `  example:  ${example.description}`,
            `            (${example.nodes} graph nodes, ${example.params.toLocaleString('en-US')} parameters on 28x28x1 inputs)`,
          ]),
    ].join('\n'),
  );
  return `Search-space families (space.type), each with its defaults and a network drawn from them:\n\n${blocks.join('\n\n')}\n`;
}

export function registerValidate(program: Command, run: Runner): void {
  examples(
    program
      .command('validate')
      .description('check a config and print it as JSON with every default filled in (exit code 2 if invalid)')
      .argument('[config]', 'JSON or YAML search config (default: configs/mnist.json)')
      .option('--spaces', "list the search-space families (space.type) with every default and an example network, instead of checking a config")
      .action(
        run(async (config: string | undefined, options: { spaces?: boolean }) => {
          if (options.spaces) {
            if (config !== undefined) throw new UsageError('--spaces lists the families and takes no config; to see one family\'s defaults, validate a config naming it');
            process.stdout.write(spacesText());
            return EXIT.ok;
          }
          const validated = loadConfig(resolve(config ?? DEFAULT_CONFIG_PATH));
          process.stdout.write(`${JSON.stringify(validated, null, 2)}\n`);
          return EXIT.ok;
        }),
      ),
    ['nas validate configs/synthetic.json', 'nas validate my-search.yaml | jq .fidelity', 'nas validate --spaces'],
  );
}
