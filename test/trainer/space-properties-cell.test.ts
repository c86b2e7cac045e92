// Property test of the cell family (see space-properties.ts), at a small macro scale so a
// thousand networks build quickly; the genotypes are those of the default space.
import test from 'ava';
import { selectBackend } from '../../trainer/backend';
import { CellSpace } from '../../domain/spaces/cell';
import { checkSpaceProperty } from './space-properties';
import { TEST_BACKEND } from './helpers';

test.before(async () => {
  await selectBackend(TEST_BACKEND, { log: () => undefined });
});

test('cell: 1,000 samples and 1,000 mutations are valid, build, run and count their parameters', (t) => {
  const space = new CellSpace({ initialFilters: 2, stacks: 2, cellsPerStack: 1 });
  checkSpaceProperty(t, space, { samples: 1000, mutations: 1000, seed: 61 });
});
