// Loading users' space modules in a Node process (the CLI, a worker before it bundles its
// workflows): resolve the path, require the compiled JavaScript, register the families it
// exports. The workflow sandbox cannot require() at run time; workers bundle the same modules
// into their workflow code instead (workflow-entry.ts).
import { existsSync, statSync } from 'node:fs';
import { delimiter, extname, isAbsolute, resolve } from 'node:path';
import { registerModuleFamilies, SpaceModuleExportError } from '../domain/spaces';

/** A space module that cannot be used: missing, not JavaScript, failing to load, or exporting no family. */
export class SpaceModuleError extends Error {
  override readonly name = 'SpaceModuleError';
}

/** The absolute path of a space module given relative to `base`; throws SpaceModuleError saying what is wrong. */
export function resolveSpaceModule(path: string, base: string): string {
  const absolute = isAbsolute(path) ? path : resolve(base, path);
  const ext = extname(absolute);
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') {
    throw new SpaceModuleError(
      `${path} is TypeScript source; compile it with tsc and name the .js file it produces (this project's own build puts examples/spaces/x.ts at dist/examples/spaces/x.js)`,
    );
  }
  if (!existsSync(absolute)) throw new SpaceModuleError(`${path} does not exist${absolute === path ? '' : ` (looked for ${absolute})`}`);
  if (!statSync(absolute).isFile()) throw new SpaceModuleError(`${path} is not a file`);
  if (ext !== '.js' && ext !== '.cjs') throw new SpaceModuleError(`${path} is not a compiled JavaScript module (.js or .cjs)`);
  return absolute;
}

/** Requires the module at an absolute path and registers its families; returns their types. */
export function loadSpaceModule(absolute: string): string[] {
  let exports: unknown;
  try {
    exports = require(absolute) as unknown;
  } catch (err) {
    throw new SpaceModuleError(`loading ${absolute} failed: ${(err as Error).message.split('\n')[0]}`);
  }
  try {
    return registerModuleFamilies(exports, absolute);
  } catch (err) {
    if (err instanceof SpaceModuleExportError) throw new SpaceModuleError(err.message);
    throw err;
  }
}

/** Paths in NAS_SPACE_MODULES (separated like PATH), absolute against the working directory. */
export function spaceModulesFromEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string[] {
  const value = env.NAS_SPACE_MODULES?.trim();
  if (!value) return [];
  return value
    .split(delimiter)
    .filter((p) => p.trim().length > 0)
    .map((p) => resolveSpaceModule(p.trim(), cwd));
}
