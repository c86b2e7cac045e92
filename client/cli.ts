// The `nas` command line: commander parses, one module per command registers itself here, and
// main() turns every outcome into a documented exit code (client/exit-codes.ts). Errors are
// printed as one line; set NAS_DEBUG=1 to see stack traces of unexpected ones.
import { exitAfterFlush } from './exit-after-flush';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import { exitCodeFor, EXIT } from './exit-codes';
import { exitQuietlyOnClosedPipe } from './closed-pipe';
import type { Runner } from './command';
import { registerInspectCommands } from './commands/inspect';
import { registerControlCommands } from './commands/control';
import { registerSearch } from './commands/search';
import { registerServer } from './commands/server';
import { registerValidate } from './commands/validate';
import { registerExport } from './commands/export';
import { registerGc } from './commands/gc';
import { registerCluster } from './commands/cluster';
import { registerReport } from './commands/report';
import { registerWatch } from './commands/watch';
import { registerWorker } from './commands/worker';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

export function buildProgram(run: Runner): Command {
  const program = new Command('nas')
    .description('durable neural architecture search on Temporal and TensorFlow.js')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .helpCommand('help [command]', 'show help for a command')
    .showHelpAfterError('(add --help for usage and examples)')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(shortenQuotedValues(text)) })
    .addHelpText(
      'after',
      `
Examples:
  $ nas search                          a real search on the bundled MNIST digits, followed live
  $ nas search configs/synthetic.json --detach --id quick
  $ nas watch quick                     live progress of a running search
  $ nas list --query "NasBestAccuracy > 0.97"

Exit codes: 0 ok, 1 failed, 2 bad usage or config, 3 server not running, 4 no such search,
5 Temporal unreachable, 130 interrupted. Every command takes --help.`,
    );
  registerSearch(program, run);
  registerInspectCommands(program, run);
  registerControlCommands(program, run);
  registerWatch(program, run);
  registerReport(program, run);
  registerExport(program, run);
  registerGc(program, run);
  registerWorker(program, run);
  registerServer(program, run);
  registerCluster(program, run);
  registerValidate(program, run);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  let commandName = 'nas';
  exitQuietlyOnClosedPipe(process.stdout);
  exitQuietlyOnClosedPipe(process.stderr);
  const run: Runner = (fn) => async (...args) => {
    code = await fn(...args);
  };
  const program = buildProgram(run);
  program.hook('preAction', (_root, action) => {
    commandName = fullName(action);
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    // Commander has printed its own message (or the help, or the version).
    if (!(err instanceof CommanderError)) process.stderr.write(`${commandName}: ${describe(err)}\n`);
    return exitCodeFor(err);
  }
}

/** Commander quotes the offending value; a 1,200-character one would drown the message. */
export function shortenQuotedValues(text: string): string {
  return text.replace(/'([^'\n]{61,})'/g, (_all, value: string) => `'${value.slice(0, 40)}…' (${value.length} characters)`);
}

function fullName(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (process.env.NAS_DEBUG) return err.stack ?? err.message;
  return err.message;
}

export { exitAfterFlush } from './exit-after-flush';

if (require.main === module) {
  void main(process.argv.slice(2)).then(exitAfterFlush);
}
