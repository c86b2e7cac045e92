// Adam over one flat buffer. tfjs's AdamOptimizer updates each variable separately: ~14
// element-wise ops and six scalar uploads per variable and step, so a 28-variable model spends
// ~400 op calls (several ms on tfjs-node, where each op costs 20-60 µs of overhead) on a few
// thousand numbers. This subclass keeps both moments and a copy of the weights in flat
// vectors and runs the same formula once per step: concat the gradients, 14 ops, split the
// new weights back (about 2N + 20 ops for N variables). Where the backend has the one-kernel
// version of that step (flat-adam-kernel.ts, registered for 'tensorflow') it runs that instead.
//
// The formula and its operation order are tfjs's, and element-wise float32 ops do not depend
// on layout, so the results are bit-identical to AdamOptimizer (test/native/flat-adam.test.ts).
// It stays an AdamOptimizer: accBeta1/accBeta2 are the inherited variables (trainer/adam-state.ts
// reads them), and getWeights()/setWeights() exchange the per-variable slots of the stock
// optimizer, so checkpoints are interchangeable. getWeights() splits the flat state back into
// per-variable slots; the next step flattens them again.
import * as tf from '@tensorflow/tfjs';
import { FLAT_ADAM_KERNEL, gradientInputName, type FlatAdamStepAttrs } from './flat-adam-kernel';

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
  m: tf.Variable;
  v: tf.Variable;
  /** The weights, flat; valid while each variable still holds the data it was given here. */
  values: tf.Tensor | null;
  valueIds: tf.DataId[];
}

function flatten(tensors: tf.Tensor[]): tf.Tensor {
  return tf.concat(tensors.map((t) => tf.reshape(t, [-1])));
}

export class FlatAdamOptimizer extends tf.AdamOptimizer {
  private flat: FlatState | null = null;

  constructor(learningRate: number, beta1 = 0.9, beta2 = 0.999, epsilon?: number) {
    super(learningRate, beta1, beta2, epsilon);
  }

  private get fields(): AdamFields {
    return this as unknown as AdamFields;
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
    if (flat.values === null || vs.some((v, i) => v.dataId !== flat.valueIds[i])) {
      flat.values?.dispose();
      // Kept: applyGradients usually runs inside the caller's tidy (model.fit's batch scope).
      flat.values = tf.keep(tf.tidy(() => flatten(vs)));
    }
    if (tf.getKernel(FLAT_ADAM_KERNEL, tf.getBackend()) != null) this.stepWithKernel(flat, vs, grads as tf.Tensor[]);
    else this.stepWithOps(flat, vs, grads as tf.Tensor[]);
    this.incrementIterations();
  }

  /** AdamOptimizer.applyGradients, op for op, on the flat vectors (any backend). */
  private stepWithOps(flat: FlatState, vs: tf.Variable[], grads: tf.Tensor[]): void {
    const { accBeta1, accBeta2 } = this.fields;
    tf.tidy(() => {
      const gradient = flatten(grads);
      const oneMinusAccBeta1 = tf.sub(1, accBeta1);
      const oneMinusAccBeta2 = tf.sub(1, accBeta2);
      const newFirstMoment = tf.add(tf.mul(flat.m, this.beta1), tf.mul(gradient, 1 - this.beta1));
      const newSecondMoment = tf.add(tf.mul(flat.v, this.beta2), tf.mul(tf.square(gradient), 1 - this.beta2));
      const biasCorrectedFirstMoment = tf.div(newFirstMoment, oneMinusAccBeta1);
      const biasCorrectedSecondMoment = tf.div(newSecondMoment, oneMinusAccBeta2);
      flat.m.assign(newFirstMoment);
      flat.v.assign(newSecondMoment);
      const newValues = tf.add(
        tf.mul(tf.div(biasCorrectedFirstMoment, tf.add(tf.sqrt(biasCorrectedSecondMoment), this.epsilon)), -this.learningRate),
        flat.values!);
      flat.values!.dispose();
      flat.values = tf.keep(newValues);
      const parts = tf.split(newValues, flat.sizes);
      vs.forEach((v, i) => {
        v.assign(tf.reshape(parts[i]!, flat.shapes[i]!));
        flat.valueIds[i] = v.dataId;
      });
      accBeta1.assign(tf.mul(accBeta1, this.beta1));
      accBeta2.assign(tf.mul(accBeta2, this.beta2));
    });
  }

  /** The same step as one kernel (flat-adam-kernel.ts), where the backend has it. */
  private stepWithKernel(flat: FlatState, vs: tf.Variable[], grads: tf.Tensor[]): void {
    const { accBeta1, accBeta2 } = this.fields;
    const inputs: tf.NamedTensorMap = { m: flat.m, v: flat.v, values: flat.values!, accBeta1, accBeta2 };
    grads.forEach((g, i) => {
      inputs[gradientInputName(i)] = g;
    });
    const attrs: FlatAdamStepAttrs = {
      beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, learningRate: this.learningRate,
      sizes: flat.sizes, shapes: flat.shapes,
    };
    const outs = tf.engine().runKernel(FLAT_ADAM_KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
    const [m, v, values, b1, b2, ...weights] = outs;
    flat.m.assign(m!);
    flat.v.assign(v!);
    accBeta1.assign(b1!);
    accBeta2.assign(b2!);
    vs.forEach((variable, i) => {
      variable.assign(weights[i]!);
      flat.valueIds[i] = variable.dataId;
    });
    flat.values!.dispose();
    flat.values = tf.keep(values!);
    tf.dispose([m!, v!, b1!, b2!, ...weights]);
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

  /** Moves the per-variable slots 0..n-1 (zeros where absent, as tfjs creates them) into flat vectors. */
  private makeFlat(names: string[], vars: tf.Variable[]): FlatState {
    const fields = this.fields;
    const take = (slots: Slot[], suffix: string) => {
      const slotNames = names.map((name, i) => slots[i]?.originalName ?? `${name}/${suffix}`);
      const flat = tf.tidy(() => flatten(vars.map((v, i) => slots[i]?.variable ?? tf.zerosLike(v))).variable(false));
      tf.dispose(slots.slice(0, names.length).filter((s): s is Slot => s != null).map((s) => s.variable));
      // Slots beyond this layout (an earlier call with more variables) stay where they are.
      const rest = slots.slice(names.length);
      return { slotNames, flat, rest };
    };
    const m = take(fields.accumulatedFirstMoment, 'm');
    const v = take(fields.accumulatedSecondMoment, 'v');
    fields.accumulatedFirstMoment = new Array<Slot>(names.length).concat(m.rest);
    fields.accumulatedSecondMoment = new Array<Slot>(names.length).concat(v.rest);
    return {
      names: [...names],
      shapes: vars.map((x) => x.shape.slice()),
      sizes: vars.map((x) => x.size),
      mNames: m.slotNames,
      vNames: v.slotNames,
      m: m.flat,
      v: v.flat,
      values: null,
      valueIds: [],
    };
  }

  /** Splits the flat moments back into the stock optimizer's per-variable slots. */
  private unflatten(): void {
    const flat = this.flat;
    if (flat === null) return;
    const fields = this.fields;
    const split = (vector: tf.Variable, slotNames: string[], slots: Slot[]) => {
      const parts = tf.tidy(() => tf.split(vector, flat.sizes).map((p, i) => tf.reshape(p, flat.shapes[i]!).variable(false)));
      parts.forEach((variable, i) => {
        slots[i] = { originalName: slotNames[i]!, variable };
      });
    };
    split(flat.m, flat.mNames, fields.accumulatedFirstMoment);
    split(flat.v, flat.vNames, fields.accumulatedSecondMoment);
    this.disposeFlat();
  }

  private disposeFlat(): void {
    const flat = this.flat;
    if (flat === null) return;
    tf.dispose([flat.m, flat.v, ...(flat.values ? [flat.values] : [])]);
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
