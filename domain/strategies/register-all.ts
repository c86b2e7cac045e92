// Every built-in search strategy, one line each. A new strategy is its own file exporting a
// StrategyDefinition plus one line here; it then passes test/domain/strategy-contract.test.ts.
import { registerStrategy } from './registry';
import { randomStrategy } from './random';
import { evolutionStrategy } from './evolution';

registerStrategy(randomStrategy);
registerStrategy(evolutionStrategy);
