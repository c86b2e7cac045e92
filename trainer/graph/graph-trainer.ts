// Training on the graph path: one TensorFlow session per trial runs each batch as one call
// (trainer/graph/step-graph.ts). The tfjs model and optimizer stay the owners of the state
// the rest of the trainer uses: pushState() copies weights, Adam's moments, its iteration
// count and bias-correction powers into the session (after a resume or a morphism's weight
// transfer), and pullState() copies them back before a checkpoint, so checkpoints, exact
// resume, weight inheritance and export are the eager path's, unchanged.
import * as tf from '@tensorflow/tfjs';
import { isAdam, isSgd, readAdamBetaPowers, restoreAdamBetaPowers } from '../adam-state';
import type { DatasetSplit } from '../datasets';
import type { GraphStepAddon, SessionHandle } from './addon';
import { buildStepGraph, type GraphVariable, type OptimizerSettings, type StepGraph } from './step-graph';
import { sessionConfig } from './session-config';

interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/** The optimizer's settings, or why the graph path does not implement it. */
export function optimizerSettings(optimizer: tf.Optimizer): OptimizerSettings | string {
  if (isAdam(optimizer)) {
    const o = optimizer as unknown as { learningRate: number; beta1: number; beta2: number; epsilon: number };
    return { kind: 'adam', learningRate: o.learningRate, beta1: o.beta1, beta2: o.beta2, epsilon: o.epsilon };
  }
  if (isSgd(optimizer)) {
    return { kind: 'sgd', learningRate: (optimizer as unknown as { learningRate: number }).learningRate };
  }
  return `optimizer ${optimizer.getClassName()} is not implemented on the graph path (adam, sgd are)`;
}

export class GraphTrainer {
  private session: SessionHandle | undefined;
  private iterations = 0;
  private beta1Power = 0;
  private beta2Power = 0;

  private constructor(
    private readonly addon: GraphStepAddon,
    private readonly graph: StepGraph,
    private readonly model: tf.LayersModel,
    private readonly optimizer: tf.Optimizer,
    private readonly settings: OptimizerSettings,
    private readonly counts: { train: number; validation: number },
  ) {}

  /** Builds the step graph and a session holding the dataset; throws when the model is not covered. */
  static create(addon: GraphStepAddon, model: tf.LayersModel, optimizer: tf.Optimizer, split: DatasetSplit): GraphTrainer {
    const settings = optimizerSettings(optimizer);
    if (typeof settings === 'string') throw new Error(settings);
    const counts = { train: split.train.count, validation: split.validation.count };
    const graph = buildStepGraph(addon, model, { shape: split.shape, numClasses: split.numClasses, counts, optimizer: settings });
    const trainer = new GraphTrainer(addon, graph, model, optimizer, settings, counts);
    try {
      trainer.session = addon.newSession(graph.builder.graph, sessionConfig());
      const { trainX, trainY, valX, valY } = graph.data;
      trainer.assign([
        [trainX, split.train.images],
        [trainY, Int32Array.from(split.train.labels)],
        [valX, split.validation.images],
        [valY, Int32Array.from(split.validation.labels)],
      ]);
    } catch (err) {
      trainer.dispose();
      throw err;
    }
    return trainer;
  }

  private get live(): SessionHandle {
    if (this.session === undefined) throw new Error('the graph trainer was disposed');
    return this.session;
  }

  private assign(values: Array<[GraphVariable, Float32Array | Int32Array]>): void {
    this.addon.run(
      this.live,
      values.map(([v, data]) => [v.value, 0, v.dtype, v.shape, data]),
      [],
      values.map(([v]) => v.assign),
    );
  }

  private read(vars: GraphVariable[]): Float32Array[] {
    if (vars.length === 0) return [];
    return this.addon.run(this.live, [], vars.map((v) => v.read), []).map((t) => t[2] as Float32Array);
  }

  /** Copies the model's weights and the optimizer's state into the session. */
  async pushState(): Promise<void> {
    const weights = await Promise.all(this.model.weights.map((w) => w.read().data() as Promise<Float32Array>));
    const pairs: Array<[GraphVariable, Float32Array]> = this.graph.weights.map((v, i) => [v, weights[i]!]);
    const slots = (await this.optimizer.getWeights()) as NamedTensor[];
    try {
      this.iterations = slots.length > 0 ? (await slots[0]!.tensor.data())[0]! : 0;
      if (this.settings.kind === 'adam') {
        const n = this.graph.m.length;
        const moments = slots.slice(1);
        const zeros = (v: GraphVariable) => new Float32Array(v.shape.reduce((a, d) => a * d, 1));
        for (let i = 0; i < n; i++) {
          const m = moments.length === 2 * n ? ((await moments[i]!.tensor.data()) as Float32Array) : zeros(this.graph.m[i]!);
          const v = moments.length === 2 * n ? ((await moments[n + i]!.tensor.data()) as Float32Array) : zeros(this.graph.v[i]!);
          pairs.push([this.graph.m[i]!, m], [this.graph.v[i]!, v]);
        }
        const powers = await readAdamBetaPowers(this.optimizer);
        this.beta1Power = powers?.beta1Power ?? Math.fround(Math.pow(this.settings.beta1, this.iterations + 1));
        this.beta2Power = powers?.beta2Power ?? Math.fround(Math.pow(this.settings.beta2, this.iterations + 1));
      }
    } finally {
      tf.dispose(slots.map((s) => s.tensor).filter((t) => !(t instanceof tf.Variable)));
    }
    this.assign(pairs);
  }

  /** Copies the session's weights and optimizer state back into the model and optimizer. */
  async pullState(): Promise<void> {
    const weights = this.read(this.graph.weights);
    const tensors = weights.map((data, i) => tf.tensor(data, this.graph.weights[i]!.shape));
    try {
      this.model.setWeights(tensors);
    } finally {
      tf.dispose(tensors);
    }
    if (this.settings.kind !== 'adam') {
      await this.setIterations();
      return;
    }
    const m = this.read(this.graph.m);
    const v = this.read(this.graph.v);
    // The names tfjs's Adam gives its slots: the trained variables' names + /m, /v.
    const names = this.model.trainableWeights.map((w) => (w.read() as tf.Variable).name);
    const slots: NamedTensor[] = [
      { name: 'iter', tensor: tf.scalar(this.iterations, 'int32') },
      ...m.map((data, i) => ({ name: `${names[i]}/m`, tensor: tf.tensor(data, this.graph.m[i]!.shape) })),
      ...v.map((data, i) => ({ name: `${names[i]}/v`, tensor: tf.tensor(data, this.graph.v[i]!.shape) })),
    ];
    // tfjs's AdamOptimizer.setWeights() makes new slot variables without disposing the old ones.
    const fields = this.optimizer as unknown as { accumulatedFirstMoment?: Array<{ variable: tf.Variable } | null>; accumulatedSecondMoment?: Array<{ variable: tf.Variable } | null> };
    const old = [...(fields.accumulatedFirstMoment ?? []), ...(fields.accumulatedSecondMoment ?? [])].filter((x) => x != null).map((x) => x!.variable);
    try {
      await this.optimizer.setWeights(slots);
    } finally {
      tf.dispose(slots.map((s) => s.tensor));
    }
    tf.dispose(old);
    restoreAdamBetaPowers(this.optimizer, { beta1Power: this.beta1Power, beta2Power: this.beta2Power });
  }

  private async setIterations(): Promise<void> {
    const iter = tf.scalar(this.iterations, 'int32');
    try {
      await this.optimizer.setWeights([{ name: 'iter', tensor: iter }] as NamedTensor[]);
    } finally {
      iter.dispose();
    }
  }

  /** One epoch over the training set in `order`, batches of `batchSize`: tfjs fit()'s loss and accuracy. */
  fitEpoch(order: ArrayLike<number>, batchSize: number): { loss: number; accuracy: number } {
    const { train } = this.graph;
    const indices = Int32Array.from(order);
    let lossSum = 0;
    let correct = 0;
    for (let start = 0; start < indices.length; start += batchSize) {
      const batch = indices.subarray(start, Math.min(start + batchSize, indices.length));
      const feeds: Array<[string, number, number, number[], Float32Array | Int32Array]> = [[train.indices, 0, 3, [batch.length], batch]];
      if (this.settings.kind === 'adam') {
        feeds.push([train.beta1Power, 0, 1, [], Float32Array.of(this.beta1Power)], [train.beta2Power, 0, 1, [], Float32Array.of(this.beta2Power)]);
      }
      const [loss, hits] = this.addon.run(this.live, feeds, [train.loss, train.correct], [train.op]);
      lossSum += loss![2][0]! * batch.length;
      correct += hits![2][0]!;
      this.iterations++;
      if (this.settings.kind === 'adam') {
        // tfjs multiplies its float32 powers by float32 beta after every step.
        this.beta1Power = Math.fround(this.beta1Power * Math.fround(this.settings.beta1));
        this.beta2Power = Math.fround(this.beta2Power * Math.fround(this.settings.beta2));
      }
    }
    return { loss: lossSum / indices.length, accuracy: correct / indices.length };
  }

  /** Loss and accuracy on the validation set in batches of `batchSize`, as model.evaluate() reports them. */
  evaluate(batchSize: number): [number, number] {
    const { evaluate } = this.graph;
    const n = this.counts.validation;
    let lossSum = 0;
    let correct = 0;
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      const batch = Int32Array.from({ length: size }, (_, i) => start + i);
      const [loss, hits] = this.addon.run(this.live, [[evaluate.indices, 0, 3, [size], batch]], [evaluate.loss, evaluate.correct], []);
      lossSum += loss![2][0]! * size;
      correct += hits![2][0]!;
    }
    return [lossSum / n, correct / n];
  }

  dispose(): void {
    if (this.session !== undefined) this.addon.closeSession(this.session);
    this.session = undefined;
    this.addon.deleteGraph(this.graph.builder.graph);
  }
}
