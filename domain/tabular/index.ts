// The tabular benchmark: tables of learning curves for every network of a small cell space,
// looked up instead of trained (see bench/tabular/README.md).
export { DEFAULT_TABLE, TABLES_BEING_BUILT, TABULAR_SPEC, TABULAR_SPEC_LARGE, TABULAR_SPEC_LONG, TABULAR_TABLES, buildableSpec, tabularSpec, tabularTableNames, type TabularSpec } from './spec';
export { TABLE_FORMAT, TabularLookupError, lookupTraining, tableOptimum, warmUpSeconds, type TabularAnswer, type TabularEntry, type TabularTable } from './table';
export { tableSpecOf, tabularProblems } from './validate';
