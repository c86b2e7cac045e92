import { poolOperation } from './pool-family';

export const avgpool = poolOperation('avgpool', "average pooling (window 2 or 3, stride 1 or 2, 'same' padding)");
