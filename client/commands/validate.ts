// `nas validate <config>`: checks a config and prints it with every default filled in.
import { resolve } from 'node:path';
import { parseArgs, UsageError } from '../args';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../load-config';

export async function validateCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, [], []);
  if (args.positionals.length > 1) throw new UsageError('usage: nas validate [config]');
  const config = loadConfig(resolve(args.positionals[0] ?? DEFAULT_CONFIG_PATH));
  process.stdout.write(`${JSON.stringify(config, null, 2)}\n`);
  return 0;
}
