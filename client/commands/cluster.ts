// `nas cluster install|up|down|status|env`: a production Temporal server on PostgreSQL and an
// S3-compatible artifact store on this machine, for workers on other machines (infra/README.md).
// The work is in infra/cluster/, loaded only when a command runs so that --help answers at once.
import type { Command } from 'commander';
import { examples, type Runner } from '../command';
import { EXIT } from '../exit-codes';
import { nonEmpty } from '../options';

const cluster = () => import('../../infra/cluster/cluster');
const print = (text: string): void => void process.stdout.write(`${text}\n`);
const progress = (line: string): void => void process.stderr.write(`${line}\n`);

export function registerCluster(program: Command, run: Runner): void {
  const group = examples(
    program
      .command('cluster')
      .description('PostgreSQL + the Temporal server (with Web UI) + an S3 store (versitygw) on this machine, for workers that share nothing'),
    ['nas cluster install', 'nas cluster up', 'eval "$(nas cluster env)"; nas worker --roles training', 'nas cluster status', 'nas cluster down'],
  );

  examples(
    group
      .command('install')
      .description('build the pinned Temporal server, SQL tool, UI server and versitygw with go (once per machine, cached under ~/.cache/nas); install PostgreSQL 15 with apt if missing')
      .action(
        run(async () => {
          const started = Date.now();
          const bins = await (await cluster()).clusterInstall(progress);
          print(Object.values(bins).join('\n'));
          progress(`cluster programs ready after ${Math.round((Date.now() - started) / 1000)}s`);
          return EXIT.ok;
        }),
      ),
    ['nas cluster install   # e.g. in CI, before the tests'],
  );

  examples(
    group
      .command('up')
      .description('start (or keep) PostgreSQL, the Temporal server, its Web UI and versitygw under NAS_HOME/cluster; prints the environment workers need')
      .option('--host <ip>', 'address the services listen on (first up only; 0.0.0.0 exposes them: see infra/README.md on TLS)', nonEmpty, '127.0.0.1')
      .option('--advertise <host>', 'host name remote workers use to reach this machine (first up only)', nonEmpty)
      .option('--random-ports', 'take free ports instead of the defaults (first up only)')
      .action(
        run(async (opts: { host: string; advertise?: string; randomPorts?: boolean }) => {
          const c = await cluster();
          const report = await c.clusterUp({ host: opts.host, randomPorts: opts.randomPorts ?? false, log: progress, ...(opts.advertise ? { advertise: opts.advertise } : {}) });
          progress(`cluster up in ${(report.elapsedMs / 1000).toFixed(1)}s${report.started.length ? ` (started ${report.started.join(', ')})` : ' (already running)'}; Web UI: ${report.uiUrl}`);
          const status = await c.clusterStatus();
          print(c.formatEnv(status.env ?? {}));
          return EXIT.ok;
        }),
      ),
    ['nas cluster up', 'nas cluster up --host 0.0.0.0 --advertise nas-head.internal'],
  );

  examples(
    group
      .command('down')
      .description('stop the cluster\'s processes (data stays in NAS_HOME/cluster)')
      .action(
        run(async () => {
          const stopped = await (await cluster()).clusterDown({ log: progress });
          print(stopped.length ? `stopped ${stopped.join(', ')}` : 'nothing was running');
          return EXIT.ok;
        }),
      ),
    ['nas cluster down'],
  );

  examples(
    group
      .command('status')
      .description(`each service, its address, pid and log (exit code ${EXIT.notRunning} unless all run)`)
      .option('--json', 'print the status as JSON')
      .action(
        run(async (opts: { json?: boolean }) => {
          const status = await (await cluster()).clusterStatus();
          if (opts.json) print(JSON.stringify(status, null, 2));
          else if (!status.configured) print(`no cluster in ${status.dir}; start one with: nas cluster up`);
          else {
            for (const s of status.services) print(`${s.name.padEnd(16)} ${s.running ? 'running' : 'stopped'}  ${s.address ?? ''}${s.pid ? `  pid ${s.pid}` : ''}  log ${s.log}`);
            print(`Web UI: ${status.uiUrl}`);
          }
          return status.configured && status.services.every((s) => s.running) ? EXIT.ok : EXIT.notRunning;
        }),
      ),
    ['nas cluster status', 'nas cluster status --json'],
  );

  examples(
    group
      .command('env')
      .description('the environment a worker (here or on another machine) needs: TEMPORAL_ADDRESS, NAS_ARTIFACTS and the S3 credentials')
      .action(
        run(async () => {
          const c = await cluster();
          const status = await c.clusterStatus();
          if (!status.configured) {
            process.stderr.write(`no cluster in ${status.dir}; start one with: nas cluster up\n`);
            return EXIT.notRunning;
          }
          print(c.formatEnv(status.env ?? {}));
          return EXIT.ok;
        }),
      ),
    ['nas cluster env > worker.env   # copy to a training machine', 'eval "$(nas cluster env)"   # in this shell'],
  );
}
