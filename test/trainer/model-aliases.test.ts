// Identity nodes alias their input's tensor, so a merge can receive one tensor twice; the
// model must still predict (tfjs's inference executor would dispose it after the first use).
import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../trainer/backend';
import { buildModel } from '../../trainer/model/build';
import type { ArchitectureGraph } from '../../contracts/graph';
import { TEST_BACKEND } from './helpers';

test.before(async () => {
  await selectBackend(TEST_BACKEND, { log: () => undefined });
});

test('a sum of two identity edges of one source is x + x, and the source stays usable', (t) => {
  const graph: ArchitectureGraph = {
    nodes: [
      { id: 'input', op: 'input', params: {}, inputs: [] },
      { id: 'p', op: 'maxpool', params: { poolSize: 2, strides: 1 }, inputs: ['input'] },
      { id: 'a', op: 'identity', params: {}, inputs: ['p'] },
      { id: 'b', op: 'identity', params: {}, inputs: ['p'] },
      { id: 's', op: 'identity', params: {}, inputs: ['a', 'b'], merge: 'sum' },
      // p is read again after the sum, and concatenated with itself through two more aliases.
      { id: 'c', op: 'identity', params: {}, inputs: ['s', 'p', 'a'], merge: 'concat' },
      { id: 'head', op: 'head', params: { pooling: 'flatten' }, inputs: ['c'] },
    ],
  };
  const model = buildModel(graph, [3, 3, 1], 2, 1);
  try {
    t.deepEqual(model.layers.map((l) => l.name), ['input', 'p', 's_copy1', 's_merge', 'c_copy2', 'c_merge', 'head_flatten', 'head']);
    const before = tf.memory().numTensors;
    const features = tf.model({ inputs: model.inputs, outputs: model.getLayer('c_merge').output as tf.SymbolicTensor });
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const y = features.predict(x) as tf.Tensor;
    // maxpool 2 stride 1 'same' of 1..9, then [2p, p, p] along channels.
    const p = [5, 6, 6, 8, 9, 9, 8, 9, 9];
    t.deepEqual(Array.from(y.dataSync()), p.flatMap((v) => [2 * v, v, v]));
    tf.dispose([x, y]);
    t.is(tf.memory().numTensors, before);
    t.is(model.countParams(), 27 * 2 + 2);
  } finally {
    model.dispose();
  }
});
