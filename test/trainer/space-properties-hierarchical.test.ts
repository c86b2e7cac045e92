// Property test of the hierarchical family (see space-properties.ts), at a small scale (motifs
// of three nodes, one cell per stack, two channels) so a thousand networks build quickly; both
// merges are covered, half of the draws each.
import test from 'ava';
import { selectBackend } from '../../trainer/backend';
import { HierarchicalSpace } from '../../domain/spaces/hierarchical';
import { checkSpaceProperty } from './space-properties';
import { TEST_BACKEND } from './helpers';

test.before(async () => {
  await selectBackend(TEST_BACKEND, { log: () => undefined });
});

test('hierarchical: 1,000 samples and 1,000 mutations are valid, build, run and count their parameters', (t) => {
  const small = { motifNodes: 3, cellNodes: 3, initialFilters: 2, stacks: 2, cellsPerStack: 1 } as const;
  checkSpaceProperty(t, new HierarchicalSpace({ ...small, merge: 'sum' }), { samples: 500, mutations: 500, seed: 91 });
  checkSpaceProperty(t, new HierarchicalSpace({ ...small, merge: 'concat', primitives: ['conv1', 'conv3', 'conv5', 'conv7', 'sepconv3', 'sepconv5', 'dilconv3', 'dilconv5', 'maxpool3', 'avgpool3', 'identity'] }), { samples: 500, mutations: 500, seed: 92 });
});
