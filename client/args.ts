// A deliberately small argument parser: positionals plus --flag / --key value / --key=value.
// Unknown flags are errors, so a typo never silently changes what a command does.

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `valued` flags take a value; `booleans` do not. Anything else starting with -- is refused. */
export function parseArgs(argv: string[], valued: readonly string[], booleans: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (booleans.includes(name)) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      flags.set(name, true);
    } else if (valued.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      flags.set(name, value);
    } else {
      const known = [...valued, ...booleans].map((f) => `--${f}`).join(', ') || 'none';
      throw new UsageError(`unknown option --${name} (options here: ${known})`);
    }
  }
  return { positionals, flags };
}

export function intFlag(args: ParsedArgs, name: string, min: number): number | undefined {
  const raw = args.flags.get(name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw === true || !Number.isInteger(value) || value < min) throw new UsageError(`--${name} must be an integer >= ${min}`);
  return value;
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const raw = args.flags.get(name);
  return typeof raw === 'string' ? raw : undefined;
}
