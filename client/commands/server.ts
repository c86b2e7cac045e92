// `nas server start|stop|status`: the embedded Temporal dev server (SQLite, Web UI on).
import { nasHome } from '../../infra/paths';
import { devServerStatus, stopDevServer } from '../../infra/temporal/dev-server';
import { ensureServer, temporalSettings } from '../../infra/temporal/connection';
import { ensureTemporalCli } from '../../infra/temporal/cli-install';
import { parseArgs, UsageError } from '../args';
import { stopBackgroundWorkers } from '../background-workers';

export async function serverCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, [], ['json']);
  const action = args.positionals[0];
  const external = temporalSettings().address;
  if (action === 'install') {
    // Only the CLI binary (built once per machine); useful for CI and offline preparation.
    process.stdout.write(`${await ensureTemporalCli()}\n`);
    return 0;
  }
  if (external !== undefined && action !== 'status') {
    throw new UsageError(`TEMPORAL_ADDRESS is set (${external}): NAS uses that cluster and manages no server of its own`);
  }
  switch (action) {
    case 'start': {
      const server = await ensureServer();
      process.stdout.write(`Temporal dev server at ${server.address}\nWeb UI: ${server.uiUrl}\ndata: ${nasHome()}\n`);
      return 0;
    }
    case 'stop': {
      const workers = stopBackgroundWorkers();
      if (workers.length > 0) process.stdout.write(`stopped background workers: ${workers.join(', ')}\n`);
      await stopDevServer({ dataDir: nasHome() });
      process.stdout.write('Temporal dev server stopped\n');
      return 0;
    }
    case 'status': {
      if (external !== undefined) {
        process.stdout.write(`external cluster ${external} (TEMPORAL_ADDRESS)\n`);
        return 0;
      }
      const status = await devServerStatus({ dataDir: nasHome() });
      process.stdout.write(args.flags.has('json') ? `${JSON.stringify(status, null, 2)}\n` : `${describeStatus(status)}\n`);
      return status.running ? 0 : 3;
    }
    default:
      throw new UsageError('usage: nas server start|stop|status|install');
  }
}

function describeStatus(s: Awaited<ReturnType<typeof devServerStatus>>): string {
  if (!s.running) return `not running (data in ${s.dataDir}); start it with: nas server start`;
  return [
    `running (pid ${s.pid}, ${s.healthy ? 'healthy' : 'not answering yet'})`,
    `address: ${s.address}  namespace: ${s.namespace}`,
    `Web UI:  ${s.uiUrl}`,
    `db:      ${s.dbPath}`,
    `log:     ${s.logPath}`,
  ].join('\n');
}
