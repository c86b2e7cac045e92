// Every built-in morphism, one line each. A new operator is its own file plus one line here; it
// must pass the function-preservation property test (test/trainer/morphism-*.test.ts).
import { registerMorphism } from './registry';
import { deepen } from './deepen';
import { widen } from './widen';
import { skipSum } from './skip-sum';
import { skipConcat } from './skip-concat';
import { growKernel } from './grow-kernel';
import { removeLayer } from './remove-layer';
import { removeFilters } from './remove-filters';

for (const op of [deepen, widen, skipSum, skipConcat, growKernel, removeLayer, removeFilters]) registerMorphism(op);
