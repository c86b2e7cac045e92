// The strategy registry, keyed by `strategy.type`. Built-in strategies register from
// register-all.ts, one line each; config validation, the engine and the contract suite all go
// through it, so a new strategy needs no edit anywhere else.
import { ConfigError } from '../config/errors';
import { ConfigReader, describe, isObject, type Json } from '../config/reader';
import type { SearchSpace } from '../spaces/search-space';
import type { SearchMemory, StrategyDefinition, StrategyOptions } from './definition';
import type { Strategy } from './strategy';

const definitions = new Map<string, StrategyDefinition>();

export function registerStrategy<O extends StrategyOptions>(definition: StrategyDefinition<O>): void {
  if (definitions.has(definition.type)) throw new Error(`strategy '${definition.type}' is already registered`);
  definitions.set(definition.type, definition as unknown as StrategyDefinition);
}

export function findStrategy(type: unknown): StrategyDefinition | undefined {
  return typeof type === 'string' ? definitions.get(type) : undefined;
}

/** Registered `strategy.type` values in registration order. */
export function strategyTypes(): string[] {
  return [...definitions.keys()];
}

/** The config's default strategy when `strategy.type` is absent. */
export const DEFAULT_STRATEGY = 'evolution';

function definitionOf(type: unknown): StrategyDefinition {
  const definition = findStrategy(type);
  if (definition === undefined) {
    throw new Error(`strategy.type: unknown strategy ${JSON.stringify(type)}, expected one of ${strategyTypes().map((t) => `'${t}'`).join(', ')}`);
  }
  return definition;
}

/**
 * Reads the `strategy` section of a config: its type, then the type's own options. A key that
 * belongs to another strategy is named as such, so a user switching types knows what to drop.
 */
export function readStrategySection(r: ConfigReader, raw: unknown): StrategyOptions {
  if (raw !== undefined && !isObject(raw)) {
    r.problems.push(`strategy: must be an object, got ${describe(raw)}`);
    return readDefaults(DEFAULT_STRATEGY);
  }
  const section: Json = raw ?? {};
  const type = section.type ?? DEFAULT_STRATEGY;
  const definition = findStrategy(type);
  if (definition === undefined) {
    r.problems.push(`strategy.type: must be one of ${strategyTypes().map((t) => `"${t}"`).join(', ')}, got ${describe(type)}`);
    return readDefaults(DEFAULT_STRATEGY);
  }
  const allKeys = ['type', ...new Set([...definitions.values()].flatMap((d) => d.keys))];
  for (const key of Object.keys(section)) {
    if (key === 'type' || definition.keys.includes(key)) continue;
    const users = [...definitions.values()].filter((d) => d.keys.includes(key)).map((d) => `"${d.type}"`);
    r.problems.push(
      users.length > 0
        ? `strategy.${key}: only used by strategy.type ${users.join(' or ')}; remove it`
        : `strategy.${key}: unknown key; allowed keys in strategy: ${allKeys.join(', ')}`,
    );
  }
  return definition.readOptions(section, r);
}

function readDefaults(type: string): StrategyOptions {
  return definitionOf(type).readOptions({ type }, new ConfigReader());
}

/**
 * Options from a partial spec, defaults filled in, e.g. `strategyOptions({ type: 'tpe' })`
 * for benchmarks and tests; throws ConfigError listing every problem.
 */
export function strategyOptions(spec: unknown): StrategyOptions {
  const r = new ConfigReader();
  const options = readStrategySection(r, spec);
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return options;
}

/** A fresh strategy; throws on an unknown type (configs arrive untyped) or invalid options. */
export function createStrategy(spec: StrategyOptions, space: SearchSpace, seed: number, memory?: SearchMemory): Strategy {
  return definitionOf(spec.type).create(space, spec, seed, memory);
}

/** The strategy a `snapshot()` was taken from, continuing exactly where it stopped (see StrategyDefinition.restore). */
export function restoreStrategy(spec: StrategyOptions, space: SearchSpace, snapshot: unknown, memory?: SearchMemory): Strategy {
  return definitionOf(spec.type).restore(space, spec, snapshot, memory);
}
