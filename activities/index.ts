export { createActivities } from './train-candidate';
export type { NasActivities, TrainActivityResult, TrainHeartbeat } from './types';
export { createTrialStoreActivities } from './trial-store';
export type { SaveTrialsInput, TrialStoreActivities } from './trial-store';
