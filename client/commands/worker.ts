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
  spaceModule?: string[];
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
      .option(
        '--space-module <path>',
        'compiled JavaScript module exporting a space family, bundled into the workflow code (repeatable; also NAS_SPACE_MODULES)',
        (path: string, previous: string[] | undefined) => [...(previous ?? []), nonEmpty(path)],
      )
      .action(
        run(async (opts: Partial<WorkerOptions> & Omit<WorkerOptions, 'backend'>) => {
          const roles: WorkerRole[] = opts.role === 'all' ? ['workflows', 'training'] : [opts.role];
          const backend = opts.backend ?? backendFromEnv();
          const spaceModules = await spaceModulesOf(opts.spaceModule ?? []);
          const { runWorkerProcess } = await import('../../workers/main');
          await runWorkerProcess({ roles, concurrency: opts.concurrency, backend, trainingTaskQueue: opts.trainingTaskQueue, spaceModules });
          return EXIT.ok;
        }),
      ),
    [
      'nas worker',
      'nas worker --role training --concurrency 4 --backend tensorflow-gpu',
      'nas worker --role workflows --space-module dist/examples/spaces/tiny-resnet.js',
    ],
  );
}

/** --space-module paths (relative to the working directory) and NAS_SPACE_MODULES: absolute, loaded and checked. */
async function spaceModulesOf(given: readonly string[]): Promise<string[]> {
  const { loadSpaceModule, resolveSpaceModule, spaceModulesFromEnv, SpaceModuleError } = await import('../../workers/space-modules');
  const checked = <T>(source: string, fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      if (err instanceof SpaceModuleError) throw new UsageError(`${source}: ${err.message}`);
      throw err;
    }
  };
  const fromFlags = given.map((p) => checked('--space-module', () => resolveSpaceModule(p, process.cwd())));
  const fromEnv = checked('NAS_SPACE_MODULES', () => spaceModulesFromEnv());
  const all = [...new Set([...fromFlags, ...fromEnv])];
  for (const path of all) checked(fromFlags.includes(path) ? '--space-module' : 'NAS_SPACE_MODULES', () => loadSpaceModule(path));
  return all;
}

function backendFromEnv(): BackendChoice {
  const value = process.env.NAS_BACKEND ?? 'auto';
  if (!isOneOf(BACKEND_CHOICES, value)) throw new UsageError(`NAS_BACKEND must be one of ${BACKEND_CHOICES.join(', ')}, got "${value}"`);
  return value;
}
