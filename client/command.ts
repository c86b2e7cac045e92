// What command modules share: actions return an exit code, which main() passes on.
import type { Command } from 'commander';

/** Wraps an action that returns an exit code into one that commander can call. */
export type Runner = <A extends unknown[]>(fn: (...args: A) => Promise<number>) => (...args: A) => Promise<void>;

/** Appends an "Examples:" section to a command's --help. */
export function examples(command: Command, lines: string[]): Command {
  return command.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}`);
}
