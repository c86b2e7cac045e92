// `nas worker`: serve workflows and/or trainings for whatever searches the server holds.
import type { Command } from 'commander';
import type { WorkerRole } from '../../workers/nas-worker';
import { BACKEND_CHOICES, isOneOf, type BackendChoice } from '../../contracts/names';
import { examples, type Runner } from '../command';
import { UsageError } from '../errors';
import { EXIT } from '../exit-codes';
import { integer, nonEmpty, oneOf } from '../options';

const ROLES = ['all', 'workflows', 'training'] as const;

interface WorkerOptions {
  role: (typeof ROLES)[number];
  concurrency: number;
  backend: BackendChoice;
  trainingTaskQueue: string;
}

export function registerWorker(program: Command, run: Runner): void {
  examples(
    program
      .command('worker')
      .description('a worker process: runs search workflows, trainings, or both, until Ctrl-C or SIGTERM')
      .option('--role <role>', `what to serve: ${ROLES.join(', ')}`, oneOf(ROLES), 'all')
      .option('--concurrency <n>', 'trainings at once (one trainer process each)', integer(1, 1024), 2)
      .option('--backend <name>', `training backend: ${BACKEND_CHOICES.join(', ')} (default: NAS_BACKEND or auto)`, oneOf(BACKEND_CHOICES))
      .option('--training-task-queue <name>', 'task queue of the trainings', nonEmpty, 'nas-training')
      .action(
        run(async (opts: Partial<WorkerOptions> & Omit<WorkerOptions, 'backend'>) => {
          const roles: WorkerRole[] = opts.role === 'all' ? ['workflows', 'training'] : [opts.role];
          const backend = opts.backend ?? backendFromEnv();
          const { runWorkerProcess } = await import('../../workers/main');
          await runWorkerProcess({ roles, concurrency: opts.concurrency, backend, trainingTaskQueue: opts.trainingTaskQueue });
          return EXIT.ok;
        }),
      ),
    ['nas worker', 'nas worker --role training --concurrency 4 --backend tensorflow-gpu'],
  );
}

function backendFromEnv(): BackendChoice {
  const value = process.env.NAS_BACKEND ?? 'auto';
  if (!isOneOf(BACKEND_CHOICES, value)) throw new UsageError(`NAS_BACKEND must be one of ${BACKEND_CHOICES.join(', ')}, got "${value}"`);
  return value;
}
