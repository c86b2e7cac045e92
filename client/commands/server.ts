// `nas server start|stop|status|install`: the embedded Temporal dev server (SQLite, Web UI on).
// Server code is loaded when a command runs, so that --help answers at once.
import type { Command } from 'commander';
import { nasHome } from '../../infra/paths';
import { temporalSettings } from '../../infra/temporal/settings';
import type { devServerStatus } from '../../infra/temporal/dev-server';
import { examples, type Runner } from '../command';
import { UsageError } from '../errors';
import { EXIT } from '../exit-codes';
import { integer } from '../options';

/** The dev server's default gRPC port (infra/temporal/dev-server.ts DEFAULT_PORT), without loading the server code for --help. */
const DEFAULT_SERVER_PORT = 7233;

export function registerServer(program: Command, run: Runner): void {
  const server = examples(
    program
      .command('server')
      .description('the embedded Temporal dev server (not used when TEMPORAL_ADDRESS names a cluster)'),
    ['nas server start', 'nas server status --json', 'nas server stop'],
  );

  const start = server
    .command('start')
    .description('start the dev server (SQLite under NAS_HOME, Web UI on); refused while it runs already')
    .option('--port <n>', 'its gRPC port; the Web UI takes port + 1000', integer(1, 64535), DEFAULT_SERVER_PORT)
    .action(
      run(async (opts: { port: number }) => {
        refuseExternal('start');
        const { ensureServer } = await import('../../infra/temporal/connection');
        // The check and the start are one step under the server's lock file: of two starts at
        // once, one starts it and the other is told it runs.
        const endpoint = await ensureServer({ port: opts.port, uiPort: opts.port + 1000 });
        if (endpoint.alreadyRunning === true) {
          // Nothing was changed: the running server, its database and its searches go on.
          throw new UsageError(
            `nas server start: a Temporal dev server is already running for NAS_HOME ${nasHome()} at ${endpoint.address} ` +
              `(Web UI ${endpoint.uiUrl}); nothing was started. Use it as it is, or stop it first with: nas server stop`,
          );
        }
        process.stdout.write(`Temporal dev server at ${endpoint.address}\nWeb UI: ${endpoint.uiUrl}\ndata: ${nasHome()}\n`);
        return EXIT.ok;
      }),
    );
  examples(start, ['nas server start', 'nas server start --port 17233   # Web UI on 18233', 'NAS_HOME=/data/nas nas server start   # another data folder']);

  const stop = server
    .command('stop')
    .description('stop the dev server and the background workers nas search --detach started')
    .action(
      run(async () => {
        refuseExternal('stop');
        const { stopBackgroundWorkers } = await import('../background-workers');
        const { stopDevServer } = await import('../../infra/temporal/dev-server');
        const workers = stopBackgroundWorkers();
        if (workers.length > 0) process.stdout.write(`stopped background workers: ${workers.join(', ')}\n`);
        await stopDevServer({ dataDir: nasHome() });
        process.stdout.write('Temporal dev server stopped\n');
        return EXIT.ok;
      }),
    );
  examples(stop, ['nas server stop']);

  examples(
    server
      .command('status')
      .description(`whether the dev server runs, its address, Web UI, database and log (exit code ${EXIT.notRunning} if not running)`)
      .option('--json', 'print the status as JSON')
      .action(
        run(async (opts: { json?: boolean }) => {
          const external = temporalSettings().address;
          if (external !== undefined) {
            const status = { external: true, address: external };
            process.stdout.write(opts.json ? `${JSON.stringify(status, null, 2)}\n` : `external cluster ${external} (TEMPORAL_ADDRESS)\n`);
            return EXIT.ok;
          }
          const { devServerStatus } = await import('../../infra/temporal/dev-server');
          const status = await devServerStatus({ dataDir: nasHome() });
          process.stdout.write(opts.json ? `${JSON.stringify(status, null, 2)}\n` : `${describeStatus(status)}\n`);
          return status.running ? EXIT.ok : EXIT.notRunning;
        }),
      ),
    ['nas server status', 'nas server status --json'],
  );

  const install = server
    .command('install')
    .description('only build the Temporal CLI (once per machine, cached); prints its path')
    .action(
      run(async () => {
        const { ensureTemporalCli } = await import('../../infra/temporal/cli-install');
        process.stdout.write(`${await ensureTemporalCli()}\n`);
        return EXIT.ok;
      }),
    );
  examples(install, ['nas server install   # e.g. in CI, before the tests']);
}

function refuseExternal(action: string): void {
  const external = temporalSettings().address;
  if (external !== undefined) {
    throw new UsageError(`cannot ${action} a server: TEMPORAL_ADDRESS is set (${external}), so NAS uses that cluster and manages none of its own`);
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
