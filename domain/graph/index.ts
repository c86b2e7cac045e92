// The architecture graph's pure toolbox: validation, shapes and costs, canonical hash.
export { GraphError } from './errors';
export { checkStructure, nodeLabel } from './structure';
export { graphCosts, type GraphCosts, type NodeCost } from './shapes';
export { validateGraph, assertValidGraph, type ShapeContext } from './validate';
export { graphHash } from './hash';
export { describeGraph } from './describe';
