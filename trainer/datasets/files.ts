// File access for on-disk datasets. Errors name `dataset.path` and list what was looked for,
// since a wrong folder is by far the most common mistake and the fix is in the search config.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { InvalidTrainRequestError } from '../errors';

/** Resolves dataset.path, insisting on an existing directory. */
export function datasetDir(datasetPath: string | undefined, datasetName: string): string {
  if (datasetPath === undefined || datasetPath.trim() === '') {
    throw new InvalidTrainRequestError(`dataset.path is required for dataset '${datasetName}' (a folder on this machine)`);
  }
  const dir = path.resolve(datasetPath);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new InvalidTrainRequestError(`dataset.path '${datasetPath}' for dataset '${datasetName}' does not exist`);
  }
  if (!stat.isDirectory()) {
    throw new InvalidTrainRequestError(`dataset.path '${datasetPath}' for dataset '${datasetName}' is not a directory`);
  }
  return dir;
}

/**
 * Reads the first of `names` (each also tried with a .gz suffix, gunzipped) found in `dir`.
 * Alternatives exist because the same files circulate under slightly different names.
 */
export function readFirstExisting(dir: string, names: readonly string[], datasetName: string): { file: string; data: Buffer } {
  for (const name of names) {
    for (const candidate of [name, `${name}.gz`]) {
      const file = path.join(dir, candidate);
      if (!fs.existsSync(file)) continue;
      const raw = fs.readFileSync(file);
      return { file, data: candidate.endsWith('.gz') ? zlib.gunzipSync(raw) : raw };
    }
  }
  throw new InvalidTrainRequestError(
    `dataset.path '${dir}' for dataset '${datasetName}' has none of: ${names.map((n) => `${n}[.gz]`).join(', ')}`,
  );
}
