// The property every search-space family must have (issue 6): each of many seeded samples and
// mutations is valid in its space, builds in tfjs for MNIST- and CIFAR-shaped inputs, runs a
// forward pass to one probability per class, and has exactly the parameter count graphCosts
// computes, without leaking tensors. One test file per family, so ava runs them in parallel.
import type { ExecutionContext } from 'ava';
import * as tf from '@tensorflow/tfjs';
import { graphCosts } from '../../domain/graph';
import { Rng } from '../../domain/rng';
import type { SearchSpace } from '../../domain/spaces';
import type { Architecture } from '../../domain/types';
import { buildModel } from '../../trainer/model/build';

export const PROPERTY_INPUTS: [number, number, number][] = [
  [28, 28, 1],
  [32, 32, 3],
];
const CLASSES = 10;

/** Problems of one architecture; empty when it has the property. */
function problemsOf(space: SearchSpace, arch: Architecture, x: readonly tf.Tensor[]): string[] {
  const invalid = space.validate(arch);
  if (invalid.length > 0) return [`invalid: ${invalid[0]}`];
  const graph = space.compile(arch);
  const problems: string[] = [];
  PROPERTY_INPUTS.forEach((shape, i) => {
    const model = buildModel(graph, shape, CLASSES, 1);
    try {
      const expected = graphCosts(graph, shape, CLASSES).params;
      if (model.countParams() !== expected) problems.push(`${JSON.stringify(shape)}: tfjs counts ${model.countParams()} parameters, graphCosts ${expected}`);
      const y = tf.tidy(() => model.predict(x[i]) as tf.Tensor);
      if (JSON.stringify(y.shape) !== JSON.stringify([2, CLASSES])) problems.push(`${JSON.stringify(shape)}: output shape ${JSON.stringify(y.shape)}`);
      y.dispose();
    } finally {
      model.dispose();
    }
  });
  return problems;
}

/**
 * Checks `samples` seeded samples of `space` and one mutation of each of `mutations` of them
 * (mutations of mutations after the first round, so they wander away from the samples).
 */
export function checkSpaceProperty(t: ExecutionContext, space: SearchSpace, opts: { samples: number; mutations: number; seed: number }): void {
  const rng = new Rng(opts.seed);
  const x = PROPERTY_INPUTS.map((shape, i) => tf.randomNormal([2, ...shape], 0, 1, 'float32', i + 1));
  const before = tf.memory().numTensors;
  const failures: string[] = [];
  const check = (what: string, arch: Architecture) => {
    for (const p of problemsOf(space, arch, x)) failures.push(`${what} ${space.describe(arch)}: ${p}`);
  };
  const samples = Array.from({ length: opts.samples }, () => space.sample(rng));
  samples.forEach((arch, i) => check(`sample ${i}`, arch));
  let parents = samples;
  for (let done = 0; done < opts.mutations; ) {
    const children = parents.slice(0, opts.mutations - done).map((arch) => space.mutate(arch, rng));
    children.forEach((arch, i) => check(`mutation ${done + i}`, arch));
    done += children.length;
    parents = children;
  }
  t.deepEqual(failures.slice(0, 5), [], `${failures.length} of ${opts.samples + opts.mutations} failed`);
  t.is(tf.memory().numTensors, before, 'every model and output was disposed');
  tf.dispose(x);
}
