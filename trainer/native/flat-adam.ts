// Adam over one flat buffer. tfjs's AdamOptimizer updates each variable separately: ~14
// element-wise ops and six scalar uploads per variable and step, so a 28-variable model spends
// ~400 op calls (several ms on tfjs-node, where each op costs 20-60 µs of overhead) on a few
// thousand numbers. This subclass keeps both moments and a copy of the weights in flat vectors
// and updates them once per step (flat-adam-stores.ts):
// - on tfjs-node CPU with trainer/native registered: TensorFlow resource variables and one
//   fused ResourceApplyAdam (the same mathematics as tfjs's formula; rounding-level
//   differences, ~1e-5 relative; adam-resources.ts);
// - elsewhere: tfjs's formula op for op on the flat vectors (one kernel on 'tensorflow'), which
//   is bit-identical to AdamOptimizer, as element-wise float32 ops do not depend on layout.
// { resourceVariables: false } asks for the second everywhere.
//
// It stays an AdamOptimizer: accBeta1/accBeta2 are the inherited variables (trainer/adam-state.ts
// reads them), and getWeights()/setWeights() exchange the per-variable slots of the stock
// optimizer, so checkpoints are interchangeable. getWeights() splits the flat state back into
// per-variable slots; the next step flattens them again.
import * as tf from '@tensorflow/tfjs';
import { resourceAdamAvailable } from './adam-resources';
import { FLAT_ADAM_KERNEL } from './flat-adam-kernel';
import { flatten, ResourceStore, TensorStore, type FlatStore } from './flat-adam-stores';
import { nodeBackend } from './tf-native';

/** tfjs-core's NamedTensor, which @tensorflow/tfjs does not re-export. */
interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

interface Slot {
  originalName: string;
  variable: tf.Variable;
}

/** The private fields of tfjs-core 4.22's AdamOptimizer that the update needs. */
interface AdamFields {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Slot[];
  accumulatedSecondMoment: Slot[];
}

interface FlatState {
  /** Variable names, in the order of the gradients the layout was built for. */
  names: string[];
  shapes: number[][];
  sizes: number[];
  /** Slot names getWeights() reports (kept from setWeights(), as the stock optimizer does). */
  mNames: string[];
  vNames: string[];
  store: FlatStore;
  /** The data each variable had when the store's weights were last written; else they are stale. */
  valueIds: tf.DataId[];
}

export interface FlatAdamOptions {
  /** Use TensorFlow resource variables and a fused update where available (default true). */
  resourceVariables?: boolean;
}

export class FlatAdamOptimizer extends tf.AdamOptimizer {
  private flat: FlatState | null = null;
  private readonly resourceVariables: boolean;

  constructor(learningRate: number, beta1 = 0.9, beta2 = 0.999, epsilon?: number, options: FlatAdamOptions = {}) {
    super(learningRate, beta1, beta2, epsilon);
    this.resourceVariables = options.resourceVariables ?? true;
  }

  private get fields(): AdamFields {
    return this as unknown as AdamFields;
  }

  /** Whether the flat state is (or would be) kept in TensorFlow resource variables. */
  usesResourceVariables(): boolean {
    if (this.flat !== null) return this.flat.store instanceof ResourceStore;
    return this.resourceVariables && tf.getBackend() === 'tensorflow' &&
      tf.getKernel(FLAT_ADAM_KERNEL, 'tensorflow') != null && resourceAdamAvailable(nodeBackend(tf.backend()));
  }

  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    const entries: Array<{ name: string; tensor: tf.Tensor | undefined }> = Array.isArray(variableGradients)
      ? variableGradients.map((v) => ({ name: v.name, tensor: v.tensor }))
      : Object.keys(variableGradients).map((name) => ({ name, tensor: variableGradients[name] }));
    const names = entries.map((e) => e.name);
    const grads = entries.map((e) => e.tensor);
    const vars = names.map((name) => tf.engine().registeredVariables[name]);
    if (!this.canFlatten(grads, vars)) {
      // Missing gradients (tfjs then leaves that variable's moments alone) or unusual inputs:
      // the stock per-variable update, on the stock per-variable state.
      this.unflatten();
      super.applyGradients(variableGradients);
      return;
    }
    const vs = vars as tf.Variable[];
    if (this.flat !== null && !this.sameLayout(names, vs)) this.unflatten();
    const flat = this.flat ?? this.makeFlat(names, vs);
    this.flat = flat;
    if (vs.some((v, i) => v.dataId !== flat.valueIds[i])) flat.store.setValues(tf.tidy(() => flatten(vs)));
    const { accBeta1, accBeta2 } = this.fields;
    const hyper = { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
    const weights = flat.store.step(grads as tf.Tensor[], accBeta1, accBeta2, hyper, flat);
    vs.forEach((v, i) => {
      v.assign(weights[i]!);
      flat.valueIds[i] = v.dataId;
    });
    tf.dispose(weights);
    tf.tidy(() => {
      accBeta1.assign(tf.mul(accBeta1, this.beta1));
      accBeta2.assign(tf.mul(accBeta2, this.beta2));
    });
    this.incrementIterations();
  }

  /** The stock optimizer's per-variable slots (owned by this optimizer, as there). */
  override async getWeights(): Promise<NamedTensor[]> {
    this.unflatten();
    return super.getWeights();
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    this.disposeFlat();
    await super.setWeights(weightValues);
  }

  override dispose(): void {
    this.disposeFlat();
    // Positions the flat state owned are empty; the stock dispose expects slots.
    const fields = this.fields;
    fields.accumulatedFirstMoment = fields.accumulatedFirstMoment.filter((s) => s != null);
    fields.accumulatedSecondMoment = fields.accumulatedSecondMoment.filter((s) => s != null);
    super.dispose();
  }

  private canFlatten(grads: Array<tf.Tensor | undefined>, vars: Array<tf.Variable | undefined>): boolean {
    if (grads.length === 0) return false;
    const { accumulatedFirstMoment: m, accumulatedSecondMoment: v } = this.fields;
    return grads.every((g, i) => {
      const variable = vars[i];
      if (g == null || variable == null || g.dtype !== 'float32' || variable.dtype !== 'float32') return false;
      if (!tf.util.arraysEqual(g.shape, variable.shape)) return false;
      // Existing per-variable slots must fit their variable, or the stock update decides.
      return [m[i], v[i]].every((slot) => slot == null || tf.util.arraysEqual(slot.variable.shape, variable.shape));
    });
  }

  private sameLayout(names: string[], vars: tf.Variable[]): boolean {
    const flat = this.flat!;
    return names.length === flat.names.length &&
      names.every((n, i) => n === flat.names[i] && tf.util.arraysEqual(vars[i]!.shape, flat.shapes[i]!));
  }

  /** Moves the per-variable slots 0..n-1 (zeros where absent, as tfjs creates them) into a flat store. */
  private makeFlat(names: string[], vars: tf.Variable[]): FlatState {
    const fields = this.fields;
    const take = (slots: Slot[], suffix: string) => {
      const slotNames = names.map((name, i) => slots[i]?.originalName ?? `${name}/${suffix}`);
      const vector = tf.tidy(() => flatten(vars.map((v, i) => slots[i]?.variable ?? tf.zerosLike(v))));
      tf.dispose(slots.slice(0, names.length).filter((s): s is Slot => s != null).map((s) => s.variable));
      // Slots beyond this layout (an earlier call with more variables) stay where they are.
      return { slotNames, vector, rest: slots.slice(names.length) };
    };
    const m = take(fields.accumulatedFirstMoment, 'm');
    const v = take(fields.accumulatedSecondMoment, 'v');
    fields.accumulatedFirstMoment = new Array<Slot>(names.length).concat(m.rest);
    fields.accumulatedSecondMoment = new Array<Slot>(names.length).concat(v.rest);
    const values = tf.tidy(() => flatten(vars));
    const store = this.usesResourceVariables()
      ? new ResourceStore(nodeBackend(tf.backend()), values, m.vector, v.vector)
      : new TensorStore(values, m.vector, v.vector);
    return {
      names: [...names],
      shapes: vars.map((x) => x.shape.slice()),
      sizes: vars.map((x) => x.size),
      mNames: m.slotNames,
      vNames: v.slotNames,
      store,
      valueIds: vars.map((x) => x.dataId),
    };
  }

  /** Splits the flat moments back into the stock optimizer's per-variable slots. */
  private unflatten(): void {
    const flat = this.flat;
    if (flat === null) return;
    const fields = this.fields;
    const { m, v } = flat.store.readMoments();
    const split = (vector: tf.Tensor, slotNames: string[], slots: Slot[]) => {
      const parts = tf.tidy(() => tf.split(vector, flat.sizes).map((p, i) => tf.reshape(p, flat.shapes[i]!).variable(false)));
      parts.forEach((variable, i) => {
        slots[i] = { originalName: slotNames[i]!, variable };
      });
    };
    try {
      split(m, flat.mNames, fields.accumulatedFirstMoment);
      split(v, flat.vNames, fields.accumulatedSecondMoment);
    } finally {
      tf.dispose([m, v]);
    }
    this.disposeFlat();
  }

  private disposeFlat(): void {
    if (this.flat === null) return;
    this.flat.store.dispose();
    this.flat = null;
  }
}

/**
 * The Adam optimizer the trainer uses: FlatAdamOptimizer on the tfjs-node backends, where
 * per-op overhead makes the stock update slow; tfjs's own elsewhere.
 */
export function createAdamOptimizer(learningRate: number): tf.AdamOptimizer {
  return tf.getBackend() === 'tensorflow' ? new FlatAdamOptimizer(learningRate) : tf.train.adam(learningRate);
}
