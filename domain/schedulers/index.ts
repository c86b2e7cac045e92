// Schedulers: the registry with every built-in scheduler registered.
import './register-all';

export { createScheduler, findScheduler, registerScheduler, restoreScheduler, schedulerTypes } from './registry';
export type { Job, JobRef, NewTrialsRequest, RungOutcome, Scheduler, SchedulerDefinition, SchedulerProgress } from './scheduler';
