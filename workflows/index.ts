// Entry point of the workflow bundle: everything exported here is a workflow type.
export { nasSearch } from './search-workflow';
export { nasRetrain } from './retrain-workflow';
