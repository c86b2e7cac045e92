// A checkpoint's manifest: the size and SHA-256 of each of its files, written last (S3) or
// inside the same atomic rename (local), and checked on every read. Its presence is what
// makes a checkpoint complete.
import { createHash } from 'node:crypto';
import { ArtifactCorruptError } from './errors';
import type { ArtifactFiles } from './artifact-store';

export const MANIFEST_FILE = 'manifest.json';
const FORMAT = 'nas-artifact-manifest';
const VERSION = 1;

export interface FileEntry {
  bytes: number;
  sha256: string;
}

export interface Manifest {
  format: typeof FORMAT;
  version: number;
  files: Record<string, FileEntry>;
}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function asBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

export function manifestOf(files: ArtifactFiles): Manifest {
  const entries: Record<string, FileEntry> = {};
  for (const [name, data] of Object.entries(files)) {
    const bytes = asBytes(data);
    entries[name] = { bytes: bytes.byteLength, sha256: sha256(bytes) };
  }
  return { format: FORMAT, version: VERSION, files: entries };
}

export function parseManifest(text: string, where: string): Manifest {
  let parsed: Partial<Manifest>;
  try {
    parsed = JSON.parse(text) as Partial<Manifest>;
  } catch (err) {
    throw new ArtifactCorruptError(`${where}: ${MANIFEST_FILE} is not JSON (${(err as Error).message})`);
  }
  if (parsed.format !== FORMAT || parsed.version !== VERSION || typeof parsed.files !== 'object' || parsed.files === null) {
    throw new ArtifactCorruptError(`${where}: ${MANIFEST_FILE} is not a ${FORMAT} v${VERSION}`);
  }
  return parsed as Manifest;
}

/** Throws ArtifactCorruptError unless `data` is exactly the file the manifest recorded. */
export function verifyFile(manifest: Manifest, name: string, data: Uint8Array, where: string): void {
  const entry = manifest.files[name];
  if (entry === undefined) throw new ArtifactCorruptError(`${where}: ${name} is not in its manifest`);
  if (data.byteLength !== entry.bytes) {
    throw new ArtifactCorruptError(`${where}: ${name} is ${data.byteLength} bytes, its manifest says ${entry.bytes} (truncated or overwritten)`);
  }
  const actual = sha256(data);
  if (actual !== entry.sha256) throw new ArtifactCorruptError(`${where}: ${name} has SHA-256 ${actual.slice(0, 12)}…, its manifest says ${entry.sha256.slice(0, 12)}… (corrupt)`);
}
