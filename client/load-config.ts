// Reads a search config file (JSON, or YAML by extension) and validates it.
import { readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseSearchConfig } from '../domain/config/validate';
import type { SearchConfig } from '../domain/config/search-config';
import { ConfigError } from '../domain/config/errors';
import { loadSpaceModule, resolveSpaceModule, spaceModulesFromEnv, SpaceModuleError } from '../workers/space-modules';
import { UsageError } from './errors';
import { parseStrictJson } from './strict-json';
import { checkDatasetFiles } from './check-dataset';

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
    const raw: unknown = ext === '.yaml' || ext === '.yml' ? parseYaml(text) : parseStrictJson(text);
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
  loadSpaceModules(raw, dirname(path));
  const config = parseSearchConfig(raw);
  // Trials would each fail on a missing or malformed dataset: find out now, before anything starts.
  checkDatasetFiles(config.dataset);
  return config;
}

/**
 * Registers the space families of NAS_SPACE_MODULES and of the config's `space.module`
 * (relative to the config's folder), so the config can name them; `space.module` becomes
 * absolute, which is what the workers are told to load.
 */
function loadSpaceModules(raw: Record<string, unknown>, configDir: string): void {
  try {
    for (const path of spaceModulesFromEnv()) loadSpaceModule(path);
  } catch (err) {
    if (err instanceof SpaceModuleError) throw new UsageError(`NAS_SPACE_MODULES: ${err.message}`);
    throw err;
  }
  const space = raw.space;
  if (typeof space !== 'object' || space === null || Array.isArray(space)) return;
  const section = space as Record<string, unknown>;
  if (typeof section.module !== 'string' || section.module.length === 0) return;
  let types: string[];
  try {
    section.module = resolveSpaceModule(section.module, configDir);
    types = loadSpaceModule(section.module as string);
  } catch (err) {
    if (err instanceof SpaceModuleError) throw new ConfigError([`space.module: ${err.message}`]);
    throw err;
  }
  if (!types.includes(section.type as string)) {
    throw new ConfigError([
      `space.type: the module ${String(section.module)} registers ${types.map((t) => `"${t}"`).join(', ')}, not ${JSON.stringify(section.type ?? 'chain')}; set space.type to one of them`,
    ]);
  }
}
