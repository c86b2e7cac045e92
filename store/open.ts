// Opening the artifact store a location names (NAS_ARTIFACTS, or what a worker was given):
// a folder, or s3://bucket/prefix. One store per location per process, so trainer children
// reuse their S3 client and cache across trials. A new kind of store is one file plus one
// line in STORE_KINDS.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { nasHome } from '../infra/paths';
import type { ArtifactStore } from './artifact-store';
import { ArtifactLocationError } from './errors';
import { LocalDirectoryStore } from './local';

type Env = Readonly<Record<string, string | undefined>>;

/** Scheme -> factory. Locations without a scheme are local folders. */
const STORE_KINDS: Record<string, (location: string, env: Env) => ArtifactStore> = {
  // Loaded on demand: the AWS SDK is large and only S3 users need it.
  s3: (location, env) => (require('./s3') as typeof import('./s3')).createS3Store(location, env, downloadCacheDir(location, env)),
};

const open = new Map<string, ArtifactStore>();

/** True if `location` names a store by URL (s3://...) rather than a folder. */
export function isStoreUrl(location: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(location);
}

export function openArtifactStore(location: string, env: Env = process.env): ArtifactStore {
  const existing = open.get(location);
  if (existing !== undefined) return existing;
  let store: ArtifactStore;
  if (isStoreUrl(location)) {
    const scheme = location.slice(0, location.indexOf(':')).toLowerCase();
    const factory = STORE_KINDS[scheme];
    if (factory === undefined) {
      throw new ArtifactLocationError(`artifact store '${location}': unknown scheme '${scheme}://' (use a folder or ${Object.keys(STORE_KINDS).map((k) => `${k}://`).join(', ')})`);
    }
    store = factory(location, env);
  } else {
    store = new LocalDirectoryStore(location);
  }
  open.set(location, store);
  return store;
}

/**
 * Where a worker caches what it downloads from a remote store: under its own NAS_HOME (never
 * shared), one folder per endpoint and location so two stores never mix.
 */
export function downloadCacheDir(location: string, env: Env): string {
  const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL ?? 'aws';
  const tag = createHash('sha256').update(`${endpoint}\n${location}`).digest('hex').slice(0, 16);
  return path.join(nasHome(env), 'cache', 'artifacts', tag);
}
