import { poolOperation } from './pool-family';

export const maxpool = poolOperation('maxpool', "max pooling (window 2 or 3, stride 1 or 2, 'same' padding)");
