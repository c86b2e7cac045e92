// Every operation the search can use, one line each (as tfjs's register_all_kernels). A new
// operation is its own file plus one line here, plus its tfjs layers in trainer/model/layers.
import { registerOperation } from './registry';
import { input } from './input';
import { conv } from './conv';
import { sepconv } from './sepconv';
import { dilconv } from './dilconv';
import { maxpool } from './maxpool';
import { avgpool } from './avgpool';
import { dense } from './dense';
import { identity } from './identity';
import { zero } from './zero';
import { head } from './head';

for (const op of [input, conv, sepconv, dilconv, maxpool, avgpool, dense, identity, zero, head]) registerOperation(op);
