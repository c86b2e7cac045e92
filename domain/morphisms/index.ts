// Network morphisms with every built-in operator registered.
import './register-all';

export { getMorphism, morphismNames, morphisms, registerMorphism } from './registry';
export { ALL_FAMILIES, type MorphismContext, type MorphismOperator, type MorphismOptions, type MorphismResult } from './operator';
export { randomMorphism } from './random';
export { inheritMatching } from './matching';
