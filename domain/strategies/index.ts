// Search strategies: the registry with every built-in strategy registered.
import './register-all';

export type { Strategy } from './strategy';
export type { StrategyDefinition, StrategyOptions } from './definition';
export {
  registerStrategy,
  findStrategy,
  strategyTypes,
  createStrategy,
  restoreStrategy,
  readStrategySection,
  strategyOptions,
  DEFAULT_STRATEGY,
} from './registry';
export { RandomSearch, randomStrategy, type RandomSearchSnapshot } from './random';
export { RegularizedEvolution, evolutionStrategy, checkEvolutionOptions, type EvolutionOptions, type EvolutionSnapshot } from './evolution';
export { ExhaustiveSearch, exhaustiveStrategy, type ExhaustiveOptions, type ExhaustiveSnapshot } from './exhaustive';
export { type StrategyTrial, MAX_NOVELTY_ATTEMPTS } from './trials';
export { tournament, type Tournament } from './tournament';

/** Kept for callers that named the spec type; it is the options of any registered strategy. */
export type StrategySpec = import('./definition').StrategyOptions;
