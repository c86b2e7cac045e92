// Function preservation of every exact morphism on the wasm backend (see
// morphism-preservation.ts); the tensorflow file checks the same natively.
import test from 'ava';
import { selectBackend } from '../../trainer/backend';
import { checkPreservation } from './morphism-preservation';

test.before(async () => {
  process.env.CUDA_VISIBLE_DEVICES = '-1';
  await selectBackend('wasm', { log: () => undefined });
});

test('wasm: every exact morphism keeps the outputs of random chain, multibranch and cell parents within 1e-5', (t) => {
  checkPreservation(t, { parents: 20, seed: 8 });
});
