// The `nas` command line: one small module per command, dispatched here.
import { ConfigError } from '../domain/config/errors';
import { UsageError } from './args';
import { listCommand, resultCommand, statusCommand, stopCommand } from './commands/inspect';
import { searchCommand } from './commands/search';
import { serverCommand } from './commands/server';
import { validateCommand } from './commands/validate';
import { workerCommand } from './commands/worker';

const HELP = `nas: durable neural architecture search on Temporal

  nas search [config.json|.yaml] [--detach] [--id ID] [--backend B] [--trials N] [--concurrency N] [--seed N]
                                  start a search (default config: configs/mnist.json) and follow it;
                                  --detach prints the search id and returns
  nas status <id> [--json]        running | completed | stopped | failed, with progress
  nas result <id> [--json]        best architecture and every trial
  nas stop <id>                   finish trainings in flight, then return the best so far
  nas list [--json]               recent searches
  nas worker [--role all|workflows|training] [--concurrency N] [--backend B]
  nas server start|stop|status    the embedded Temporal dev server (unless TEMPORAL_ADDRESS is set)
  nas server install              build the Temporal CLI once per machine (cached)
  nas validate [config]           check a config and print it with defaults filled in
`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  search: searchCommand,
  status: statusCommand,
  result: resultCommand,
  stop: stopCommand,
  list: listCommand,
  worker: workerCommand,
  server: serverCommand,
  validate: validateCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(HELP);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) {
      process.stderr.write(`nas ${name}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`nas: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
