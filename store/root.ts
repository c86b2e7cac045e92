// The configured artifact store's folder, checked once when a worker or a search starts. The
// stores themselves never create their root (store/local.ts): a root missing later is a store
// that is gone. So it is made here, and only where that is safe: the default folder under
// NAS_HOME is created; a folder NAS_ARTIFACTS names must exist already, because a missing one
// may be a shared store that is not mounted, and creating it would start the search over in an
// empty folder on the local disk.
import * as fs from 'node:fs';
import { artifactsDir } from '../infra/paths';
import { ArtifactLocationError } from './errors';
import { isStoreUrl } from './open';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The artifact store's location (a folder or a store URL), its folder checked or created. Throws
 * ArtifactLocationError naming NAS_ARTIFACTS, before anything is written, if it cannot be used.
 */
export function prepareArtifactRoot(env: Env = process.env): string {
  const location = artifactsDir(env);
  if (isStoreUrl(location)) return location;
  const configured = env.NAS_ARTIFACTS?.trim() ? `NAS_ARTIFACTS=${env.NAS_ARTIFACTS.trim()}` : undefined;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(location);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') {
      throw new ArtifactLocationError(`${configured ?? 'the artifact folder'}: ${location} cannot be read (${code ?? (err as Error).message}); fix its permissions or mount`);
    }
    if (configured !== undefined) {
      throw new ArtifactLocationError(
        `${configured}: the folder ${location} does not exist; create it (mkdir -p ${location}) or mount the shared store there. It is not created for you: a missing folder may be a store that is not mounted`,
      );
    }
    fs.mkdirSync(location, { recursive: true });
    return location;
  }
  if (!stat.isDirectory()) throw new ArtifactLocationError(`${configured ?? 'the artifact folder'}: ${location} is not a folder; point NAS_ARTIFACTS at a folder (or s3://bucket/prefix)`);
  return location;
}
