// Function preservation of every exact morphism on the native TensorFlow backend (see
// morphism-preservation.ts); the wasm file checks the same on wasm.
import test from 'ava';
import { selectBackend } from '../../trainer/backend';
import { checkPreservation } from './morphism-preservation';

test.before(async () => {
  process.env.CUDA_VISIBLE_DEVICES = '-1';
  await selectBackend('tensorflow', { log: () => undefined });
});

test('tensorflow: every exact morphism keeps the outputs of random chain, multibranch and cell parents within 1e-5', (t) => {
  checkPreservation(t, { parents: 20, seed: 7 });
});
