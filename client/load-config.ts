// Reads a search config file (JSON, or YAML by extension) and validates it.
import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseSearchConfig } from '../domain/config/validate';
import type { SearchConfig } from '../domain/config/search-config';
import { UsageError } from './errors';

/** The embedded default: a real search on the bundled MNIST digits. */
export const DEFAULT_CONFIG_PATH = resolve(__dirname, '..', '..', 'configs', 'mnist.json');

export function readRawConfig(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read config file ${path}: ${(err as Error).message}`);
  }
  try {
    const ext = extname(path).toLowerCase();
    const raw: unknown = ext === '.yaml' || ext === '.yml' ? parseYaml(text) : JSON.parse(text);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('the top level must be an object');
    return raw as Record<string, unknown>;
  } catch (err) {
    throw new UsageError(`config file ${path} is not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'}: ${(err as Error).message}`);
  }
}

/** Loads and validates; overrides (from command-line flags) replace top-level sections' keys. */
export function loadConfig(path: string, overrides: (raw: Record<string, unknown>) => void = () => {}): SearchConfig {
  const raw = readRawConfig(path);
  overrides(raw);
  return parseSearchConfig(raw);
}
