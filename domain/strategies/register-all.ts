// Every built-in search strategy, one line each. A new strategy is its own file exporting a
// StrategyDefinition plus one line here; it then passes test/domain/strategy-contract.test.ts.
import { registerStrategy } from './registry';
import { randomStrategy } from './random';
import { evolutionStrategy } from './evolution';
import { tpeStrategy } from './tpe';
import { hillclimbStrategy } from './hillclimb';
import { reinforceStrategy } from './reinforce';
import { mctsStrategy } from './mcts';
import { paretoStrategy } from './pareto';
import { exhaustiveStrategy } from './exhaustive';
import { bohbStrategy } from './bohb';

registerStrategy(randomStrategy);
registerStrategy(evolutionStrategy);
registerStrategy(tpeStrategy);
registerStrategy(hillclimbStrategy);
registerStrategy(reinforceStrategy);
registerStrategy(mctsStrategy);
registerStrategy(paretoStrategy);
registerStrategy(exhaustiveStrategy);
registerStrategy(bohbStrategy);
