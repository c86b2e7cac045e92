// The two examples of user-defined spaces (the config template configs/custom-template.json and
// the module examples/spaces/tiny-resnet.ts) build in tfjs: distinct sampled networks give a
// forward pass of the expected shape on 28x28x1 and 32x32x3, and tfjs counts the parameters
// the graph's cost model computed.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../trainer/backend';
import { buildModel } from '../../trainer/model/build';
import { graphCosts } from '../../domain/graph';
import { parseSearchConfig } from '../../domain/config/validate';
import { createSpace, registerModuleFamilies, type SearchSpace } from '../../domain/spaces';
import { NOMINAL_INPUTS } from '../../domain/spaces/choice-space';
import { Rng } from '../../domain/rng';
import * as tinyResnet from '../../examples/spaces/tiny-resnet';
import { TEST_BACKEND } from './helpers';

const ROOT = resolve(__dirname, '..', '..', '..');
const MODULE = resolve(ROOT, 'dist', 'examples', 'spaces', 'tiny-resnet.js');
registerModuleFamilies(tinyResnet, MODULE);

test.before(async () => {
  await selectBackend(TEST_BACKEND, { log: () => undefined });
});

/** The first `count` networks of distinct hash among seeded samples. */
function distinct(space: SearchSpace, count: number) {
  const rng = new Rng(9);
  const byHash = new Map<string, ReturnType<SearchSpace['sample']>>();
  for (let i = 0; i < 2000 && byHash.size < count; i++) {
    const arch = space.sample(rng);
    if (!byHash.has(space.hash(arch))) byHash.set(space.hash(arch), arch);
  }
  return [...byHash.values()];
}

const spaces: [string, () => SearchSpace][] = [
  ['config template', () => createSpace(parseSearchConfig(JSON.parse(readFileSync(resolve(ROOT, 'configs', 'custom-template.json'), 'utf8'))).space)],
  ['tiny-resnet module', () => createSpace(parseSearchConfig({ space: { type: 'tiny-resnet', module: MODULE, stages: 3 } }).space)],
];

for (const [name, make] of spaces) {
  test.serial(`${name}: sampled networks build, run forward with the expected shape, and tfjs counts the computed params`, (t) => {
    const space = make();
    const archs = distinct(space, 20);
    t.is(archs.length, 20);
    for (const arch of archs) {
      const graph = space.compile(arch);
      for (const { inputShape, numClasses } of NOMINAL_INPUTS) {
        const model = buildModel(graph, inputShape, numClasses, 1);
        try {
          t.is(model.countParams(), graphCosts(graph, inputShape, numClasses).params, `${space.describe(arch)} on ${inputShape.join('x')}`);
          const out = tf.tidy(() => (model.predict(tf.zeros([2, ...inputShape])) as tf.Tensor).shape);
          t.deepEqual(out, [2, numClasses]);
        } finally {
          model.dispose();
        }
      }
    }
  });
}
