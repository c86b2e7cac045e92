export { createActivities } from './train-candidate';
export type { NasActivities, TrainActivityResult, TrainHeartbeat } from './types';
