// Strict parsers for option and argument values. Each throws commander's InvalidArgumentError,
// which commander reports naming the option: "option '--trials <n>' argument '1e3' is invalid.
// expected a whole number >= 1". Numbers are whole unless a fraction is meant: `1e3`, `2.5`,
// `0x10` or `12abc` are refused rather than silently read as something else.
import { InvalidArgumentError } from 'commander';

export function integer(min: number, max: number = Number.MAX_SAFE_INTEGER): (raw: string) => number {
  const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
  return (raw) => {
    const text = raw.trim();
    if (!/^[+-]?\d+$/.test(text)) throw new InvalidArgumentError(`expected a whole number ${range}`);
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < min || value > max) throw new InvalidArgumentError(`expected a whole number ${range}`);
    return value;
  };
}

export function oneOf<T extends string>(choices: readonly T[]): (raw: string) => T {
  return (raw) => {
    if ((choices as readonly string[]).includes(raw)) return raw as T;
    throw new InvalidArgumentError(`expected one of ${choices.join(', ')}`);
  };
}

/** Longest id accepted: ids become folder names under the artifact root (see trainer/checkpoint-paths). */
export const MAX_ID_LENGTH = 200;

/** A search or trial id: non-empty, short, and usable as a single folder name. */
export function id(raw: string): string {
  if (raw.trim().length === 0) throw new InvalidArgumentError('must not be empty');
  if (raw.length > MAX_ID_LENGTH) throw new InvalidArgumentError(`is ${raw.length} characters long, at most ${MAX_ID_LENGTH} are allowed`);
  if (/[/\\\p{Cc}\s]/u.test(raw) || raw.startsWith('.')) {
    throw new InvalidArgumentError("may not contain '/', '\\', spaces or control characters, nor start with '.'");
  }
  return raw;
}

/** A non-empty string (a path, a query, a reason). */
export function nonEmpty(raw: string): string {
  if (raw.trim().length === 0) throw new InvalidArgumentError('must not be empty');
  return raw;
}
