// The pinned programs of a NAS cluster, built from source through the Go module proxy and
// cached per machine under ~/.cache/nas (`nas cluster install`): the Temporal server and its
// SQL schema tool, the Temporal Web UI server (the same ui-server module and version the
// Temporal CLI v1.5.1 embeds, run on its own so it can point at the production frontend), and
// versitygw, an S3-compatible object store with a POSIX backend (Apache-2.0).
import * as path from 'node:path';
import { userCacheDir } from '../paths';
import { ensureGoBuild, isExecutable, binaryPaths, type GoBuild } from './go-install';

type Env = Readonly<Record<string, string | undefined>>;

export const TEMPORAL_SERVER_VERSION = 'v1.32.1';
/** The ui-server version the Temporal CLI v1.5.1 pins in its go.mod. */
export const TEMPORAL_UI_VERSION = 'v2.42.1';
export const VERSITYGW_VERSION = 'v1.8.0';

export interface ClusterBinaries {
  temporalServer: string;
  sqlTool: string;
  uiServer: string;
  versitygw: string;
}

/** The builds, in the order `nas cluster install` runs them (the server first: it is the longest). */
export function clusterBuilds(env: Env = process.env): GoBuild[] {
  const cache = path.join(userCacheDir(env), 'nas');
  return [
    {
      label: `Temporal server ${TEMPORAL_SERVER_VERSION}`,
      dir: path.join(cache, 'temporal-server', TEMPORAL_SERVER_VERSION),
      // Both in one `go install`, exactly as a prewarm would run it, so the build cache is shared.
      packages: [
        { module: 'go.temporal.io/server/cmd/server', version: TEMPORAL_SERVER_VERSION, binary: 'temporal-server' },
        { module: 'go.temporal.io/server/cmd/tools/sql', version: TEMPORAL_SERVER_VERSION, binary: 'temporal-sql-tool' },
      ],
    },
    {
      label: `versitygw ${VERSITYGW_VERSION}`,
      dir: path.join(cache, 'versitygw', VERSITYGW_VERSION),
      packages: [{ module: 'github.com/versity/versitygw/cmd/versitygw', version: VERSITYGW_VERSION, binary: 'versitygw' }],
    },
    {
      label: `Temporal UI server ${TEMPORAL_UI_VERSION}`,
      dir: path.join(cache, 'temporal-ui-server', TEMPORAL_UI_VERSION),
      packages: [{ module: 'github.com/temporalio/ui-server/v2/cmd/server', version: TEMPORAL_UI_VERSION, binary: 'temporal-ui-server' }],
    },
  ];
}

function asBinaries(paths: string[]): ClusterBinaries {
  const [temporalServer, sqlTool, versitygw, uiServer] = paths;
  return { temporalServer, sqlTool, uiServer, versitygw };
}

/** Cached binaries if all are built, else undefined (no build is started). */
export function installedClusterBinaries(env: Env = process.env): ClusterBinaries | undefined {
  const paths = clusterBuilds(env).flatMap(binaryPaths);
  return paths.every(isExecutable) ? asBinaries(paths) : undefined;
}

/** What is not built yet, as paths, for error messages. */
export function missingClusterBinaries(env: Env = process.env): string[] {
  return clusterBuilds(env).flatMap(binaryPaths).filter((p) => !isExecutable(p));
}

/** Builds whatever is missing (minutes to tens of minutes, once per machine); returns the paths. */
export async function ensureClusterBinaries(log: (line: string) => void, env: Env = process.env): Promise<ClusterBinaries> {
  const paths: string[] = [];
  for (const build of clusterBuilds(env)) paths.push(...(await ensureGoBuild(build, log, env)));
  return asBinaries(paths);
}
