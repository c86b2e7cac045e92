// `nas worker`: serve workflows and/or trainings for whatever searches the server holds.
import { runWorkerProcess } from '../../workers/main';
import type { WorkerRole } from '../../workers/nas-worker';
import { BACKEND_CHOICES, isOneOf, type BackendChoice } from '../../contracts/names';
import { intFlag, parseArgs, stringFlag, UsageError } from '../args';


export async function workerCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['concurrency', 'backend', 'role', 'training-task-queue'], []);
  if (args.positionals.length > 0) throw new UsageError(`nas worker takes no arguments, got ${args.positionals.join(' ')}`);
  const role = stringFlag(args, 'role') ?? 'all';
  const roles: WorkerRole[] | undefined =
    role === 'all' ? ['workflows', 'training'] : role === 'workflows' || role === 'training' ? [role] : undefined;
  if (!roles) throw new UsageError(`--role must be all, workflows or training, got "${role}"`);
  const backend = (stringFlag(args, 'backend') ?? process.env.NAS_BACKEND ?? 'auto') as BackendChoice;
  if (!isOneOf(BACKEND_CHOICES, backend)) throw new UsageError(`--backend must be one of ${BACKEND_CHOICES.join(', ')}, got "${backend}"`);
  await runWorkerProcess({
    roles,
    concurrency: intFlag(args, 'concurrency', 1) ?? 2,
    backend,
    trainingTaskQueue: stringFlag(args, 'training-task-queue') ?? 'nas-training',
  });
  return 0;
}
