// The function-preservation property every exact morphism must have (issue 7): over many random
// parents of the chain, multibranch and cell families, the child built from the morphed graph
// with the parent's weights carried over by the weight map computes the parent's outputs on
// random inputs, before any training. Parents get random weights everywhere (biases and batch
// norm statistics included), so no transfer passes by accident of a zero initialisation.
// One test file per backend, since the backend is process-wide.
import type { ExecutionContext } from 'ava';
import * as tf from '@tensorflow/tfjs';
import type { ArchitectureGraph } from '../../contracts/graph';
import { morphisms, type MorphismContext, type MorphismOperator } from '../../domain/morphisms';
import { Rng } from '../../domain/rng';
import { createSpace, type SearchSpace } from '../../domain/spaces';
import { buildModel } from '../../trainer/model/build';
import { applyWeightMap, type ParentWeights } from '../../trainer/morphism/inherit';

export const CTX: MorphismContext & { inputShape: [number, number, number] } = { inputShape: [8, 8, 2], numClasses: 3 };

/** Tiny spaces of the families the property covers. */
export function tinySpaces(): SearchSpace[] {
  const chain = { maxLayers: 4, filters: [2, 3, 4], units: [3, 5], kernelSizes: [1, 3, 5] };
  return [
    createSpace({ type: 'chain', ...chain }),
    createSpace({ type: 'multibranch', ...chain }),
    createSpace({ type: 'cell', initialFilters: 2, stacks: 2, cellsPerStack: 1 }),
  ];
}

/** Replaces every weight of `model` by a seeded random one (variances kept positive). */
function randomiseWeights(model: tf.LayersModel, seed: number): void {
  let k = 0;
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const values = layer.weights.map((v) =>
      tf.tidy(() => {
        const r = tf.randomUniform(v.shape as number[], -0.5, 0.5, 'float32', seed + k++);
        return v.originalName.endsWith('moving_variance') ? tf.add(tf.abs(r), 0.5) : r;
      }),
    );
    layer.setWeights(values);
    tf.dispose(values);
  }
}

export function weightsOf(model: tf.LayersModel): ParentWeights {
  const map = new Map<string, { data: Float32Array; shape: number[] }>();
  for (const layer of model.layers) {
    for (const v of layer.weights) map.set(v.originalName, { data: v.read().dataSync() as Float32Array, shape: [...(v.shape as number[])] });
  }
  return map;
}

/** max |a - b| / max |a| over the batch: the relative error of the output as a whole. */
export function relativeError(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] / Math.max(tf.max(tf.abs(a)).dataSync()[0], 1e-30));
}

export interface PreservationCase {
  family: string;
  parent: ArchitectureGraph;
  site: string;
  error: number;
}

/** Applies `op` at a random site of `parent` and measures how far the child's outputs are. */
export function preservationError(op: MorphismOperator, parent: ArchitectureGraph, x: tf.Tensor, rng: Rng, widenNoise = 0): { site: string; error: number } | undefined {
  const sites = op.sites(parent, CTX);
  if (sites.length === 0) return undefined;
  const site = rng.pick(sites);
  const child = op.apply(parent, site, CTX, rng, { widenNoise });
  const parentModel = buildModel(parent, CTX.inputShape, CTX.numClasses, 1);
  const childModel = buildModel(child.graph, CTX.inputShape, CTX.numClasses, 2);
  try {
    randomiseWeights(parentModel, rng.seed());
    applyWeightMap(childModel, child.graph, child.weightMap, weightsOf(parentModel));
    const error = tf.tidy(() => relativeError(parentModel.predict(x) as tf.Tensor, childModel.predict(x) as tf.Tensor));
    return { site, error };
  } finally {
    parentModel.dispose();
    childModel.dispose();
  }
}

/** The property for every exact operator over `parents` random parents of each family. */
export function checkPreservation(t: ExecutionContext, opts: { parents: number; seed: number }): void {
  const rng = new Rng(opts.seed);
  const x = tf.randomNormal([4, ...CTX.inputShape], 0, 1, 'float32', opts.seed);
  const before = tf.memory().numTensors;
  for (const op of morphisms().filter((o) => o.exact)) {
    const failures: string[] = [];
    let checked = 0;
    for (const space of tinySpaces()) {
      if (!op.families.includes(space.type)) continue;
      for (let i = 0; i < opts.parents; i++) {
        const parent = space.compile(space.sample(rng));
        // Widening is checked with symmetry-breaking noise too: it sums to zero over replicas.
        const outcome = preservationError(op, parent, x, rng, op.name === 'widen' && i % 2 === 1 ? 0.05 : 0);
        if (outcome === undefined) continue;
        checked++;
        if (!(outcome.error <= 1e-5)) failures.push(`${space.type} ${outcome.site}: relative error ${outcome.error.toExponential(2)} in ${JSON.stringify(parent)}`);
      }
    }
    t.true(checked >= opts.parents, `${op.name}: only ${checked} parents had a site`);
    t.deepEqual(failures.slice(0, 3), [], `${op.name}: ${failures.length} of ${checked} children differ from their parents`);
  }
  t.is(tf.memory().numTensors, before, 'every model and output was disposed');
  x.dispose();
}
