// The tfjs layers of every operation in domain/ops/register-all.ts, one entry each.
import { registerLayerBuilder } from './registry';
import { input } from './input';
import { conv } from './conv';
import { sepconv } from './sepconv';
import { dilconv } from './dilconv';
import { maxpool, avgpool } from './pools';
import { dense } from './dense';
import { identity } from './identity';
import { zero } from './zero';
import { head } from './head';

for (const builder of [input, conv, sepconv, dilconv, maxpool, avgpool, dense, identity, zero, head]) registerLayerBuilder(builder);
