// Property test of the chain family (see space-properties.ts), with small filter and unit counts
// so a thousand networks build quickly; every op, depth and (for multibranch) skip is drawn.
import test from 'ava';
import { selectBackend } from '../../trainer/backend';
import { ChainSpace } from '../../domain/spaces/chain';
import { checkSpaceProperty } from './space-properties';
import { TEST_BACKEND } from './helpers';

test.before(async () => {
  await selectBackend(TEST_BACKEND, { log: () => undefined });
});

test('chain: 1,000 samples and 1,000 mutations are valid, build, run and count their parameters', (t) => {
  checkSpaceProperty(t, new ChainSpace({ maxLayers: 5, filters: [4, 8], units: [8, 16] }), { samples: 1000, mutations: 1000, seed: 71 });
});
