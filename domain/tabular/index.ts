// The tabular benchmark: a table of learning curves for every network of a small cell space,
// looked up instead of trained (see bench/tabular/README.md).
export { TABULAR_SPEC, type TabularSpec } from './spec';
export { TABLE_FORMAT, TabularLookupError, lookupTraining, tableOptimum, type TabularAnswer, type TabularEntry, type TabularTable } from './table';
export { tabularProblems } from './validate';
