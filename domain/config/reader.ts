// Reads untrusted config JSON field by field, collecting every problem (not just the first)
// with its key and what is allowed, so a user fixes a config in one go. Every getter returns a
// usable value (the default) on error, so reading can go on.

export type Json = Record<string, unknown>;

export class ConfigReader {
  readonly problems: string[] = [];

  section(parent: Json, key: string, allowed: readonly string[], path = key): Json {
    const value = parent[key];
    if (value === undefined) return {};
    if (!isObject(value)) {
      this.problems.push(`${path}: must be an object, got ${describe(value)}`);
      return {};
    }
    this.unknownKeys(value, allowed, path);
    return value;
  }

  unknownKeys(obj: Json, allowed: readonly string[], path: string): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) {
        const where = path ? `${path}.${key}` : key;
        this.problems.push(`${where}: unknown key; allowed keys${path ? ` in ${path}` : ''}: ${allowed.join(', ')}`);
      }
    }
  }

  int(obj: Json, key: string, path: string, def: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const value = obj[key];
    if (value === undefined) return def;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `between ${min} and ${max}`;
      this.problems.push(`${path}: must be an integer ${range}, got ${describe(value)}`);
      return def;
    }
    return value;
  }

  num(obj: Json, key: string, path: string, def: number, check: (n: number) => boolean, rule: string): number {
    const value = obj[key];
    if (value === undefined) return def;
    if (typeof value !== 'number' || !Number.isFinite(value) || !check(value)) {
      this.problems.push(`${path}: must be ${rule}, got ${describe(value)}`);
      return def;
    }
    return value;
  }

  oneOf<T extends string>(obj: Json, key: string, path: string, def: T, allowed: readonly T[]): T {
    const value = obj[key];
    if (value === undefined) return def;
    if (typeof value !== 'string' || !allowed.includes(value as T)) {
      this.problems.push(`${path}: must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${describe(value)}`);
      return def;
    }
    return value as T;
  }

  str(obj: Json, key: string, path: string): string | undefined {
    const value = obj[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.length === 0) {
      this.problems.push(`${path}: must be a non-empty string, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  list<T>(obj: Json, key: string, path: string, def: readonly T[], item: (v: unknown) => boolean, rule: string): T[] {
    const value = obj[key];
    if (value === undefined) return [...def];
    if (!Array.isArray(value) || value.length === 0 || !value.every(item)) {
      this.problems.push(`${path}: must be a non-empty list of ${rule}, got ${describe(value)}`);
      return [...def];
    }
    if (new Set(value).size !== value.length) {
      this.problems.push(`${path}: must not repeat a value, got ${describe(value)}`);
    }
    return value as T[];
  }
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

