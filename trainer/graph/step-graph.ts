// The TensorFlow graph of a whole training step and of an evaluation step for one tfjs model,
// built once per trial: every weight (and Adam's moments) as a resource variable, the
// training and validation sets as variables too (a step is fed only its batch's indices),
// the forward pass translated layer by layer (layers/), softmax cross-entropy on the last
// layer's logits, gradients by TF_AddGradients, and the optimizer's update as one fused
// ResourceApplyAdam (or ResourceApplyGradientDescent) per variable.
import type * as tf from '@tensorflow/tfjs';
import type { GraphStepAddon, Output } from './addon';
import { attrs, DT, GraphBuilder } from './builder';
import { reluGradSetting, reluGradsReadOutputs } from './gradient-rewrites';
import { translatorFor, type TranslateContext } from './layers/translator';
import './layers/register-all';

export interface AdamSettings {
  kind: 'adam';
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

export interface SgdSettings {
  kind: 'sgd';
  learningRate: number;
}

export type OptimizerSettings = AdamSettings | SgdSettings;

/** A resource variable of the graph and the operations that read and write it whole. */
export interface GraphVariable {
  shape: number[];
  dtype: number;
  handle: Output;
  read: Output;
  /** Placeholder fed with the new value by `assign`. */
  value: string;
  assign: string;
}

export interface StepGraph {
  builder: GraphBuilder;
  /** One per model.weights entry, in that order. */
  weights: GraphVariable[];
  /** Adam's first and second moments, one per model.trainableWeights entry (empty for SGD). */
  m: GraphVariable[];
  v: GraphVariable[];
  data: { trainX: GraphVariable; trainY: GraphVariable; valX: GraphVariable; valY: GraphVariable };
  train: { indices: string; beta1Power: string; beta2Power: string; loss: Output; correct: Output; op: string };
  evaluate: { indices: string; loss: Output; correct: Output };
}

export class UnsupportedModelError extends Error {}

function variable(b: GraphBuilder, name: string, dtype: number, shape: number[]): GraphVariable {
  const handle = b.op('VarHandleOp', [], [
    attrs.type('dtype', dtype), attrs.shape('shape', shape), attrs.string('container', ''), attrs.string('shared_name', name),
  ], { name });
  const read = b.op('ReadVariableOp', [handle], [attrs.type('dtype', dtype)], { name: `${name}/read` });
  const [value] = b.placeholder(dtype, shape, `${name}/value`);
  const [assign] = b.op('AssignVariableOp', [handle, [value, 0]], [attrs.type('dtype', dtype)], { name: `${name}/assign` });
  return { shape, dtype, handle, read, value, assign };
}

function weightSuffix(w: tf.LayerVariable): string {
  return (w.name.split('/').pop() ?? w.name).replace(/_\d+$/, '');
}

/** The model's layers, each with the names of the layers its input comes from (functional models, one call each). */
function layerInputs(model: tf.LayersModel): Array<{ layer: tf.layers.Layer; from: string[] }> {
  return model.layers.map((layer) => {
    if (layer.inboundNodes.length !== 1) throw new UnsupportedModelError(`layer '${layer.name}' is called ${layer.inboundNodes.length} times (once only)`);
    // A sequential model leaves its InputLayer out of model.layers: its first layer reads the batch.
    const from = layer.inboundNodes[0]!.inboundLayers.filter((l) => l.getClassName() !== 'InputLayer' || model.layers.includes(l));
    return { layer, from: from.map((l) => l.name) };
  });
}

/** Translates the forward pass; returns the last layer's output and logits. */
function forward(
  model: tf.LayersModel, input: Output, training: boolean, b: GraphBuilder,
  reads: Map<tf.LayerVariable, Output>, updates: Array<{ variable: tf.LayerVariable; value: Output; momentum: number }>,
): { output: Output; logits?: Output } {
  const ctx: TranslateContext = {
    b,
    training,
    weight: (layer, suffix) => {
      const w = layer.weights.find((x) => weightSuffix(x) === suffix);
      return w === undefined ? undefined : reads.get(w);
    },
    addUpdate: (variable, value, momentum) => updates.push({ variable, value, momentum }),
  };
  const outputs = new Map<string, { output: Output; logits?: Output }>();
  let last: { output: Output; logits?: Output } | undefined;
  for (const { layer, from } of layerInputs(model)) {
    const inputs = from.length === 0 ? [input] : from.map((n) => {
      const o = outputs.get(n);
      if (o === undefined) throw new UnsupportedModelError(`layer '${layer.name}' comes before its input '${n}'`);
      return o.output;
    });
    last = translatorFor(layer).translate(layer, inputs, ctx);
    outputs.set(layer.name, last);
  }
  const outName = model.outputs[0]?.sourceLayer.name;
  if (model.outputs.length !== 1 || outName === undefined) throw new UnsupportedModelError('the model must have exactly one output');
  return outputs.get(outName) as { output: Output; logits?: Output };
}

function lossAndCorrect(b: GraphBuilder, logits: Output, labels: Output, numClasses: number, prefix: string): { loss: Output; correct: Output } {
  const oneHot = b.op('OneHot', [labels, b.constInt([numClasses], []), b.scalar(1), b.scalar(0)], [
    attrs.T(), attrs.type('TI', DT.int32), attrs.int('axis', -1),
  ], { name: `${prefix}/one_hot` });
  const [perExample] = b.opN('SoftmaxCrossEntropyWithLogits', 2, [logits, oneHot], [attrs.T()], { name: `${prefix}/xent` });
  const loss = b.op('Mean', [perExample!, b.constInt([0])], [attrs.T(), attrs.type('Tidx', DT.int32), attrs.bool('keep_dims', false)], { name: `${prefix}/loss` });
  const predicted = b.op('ArgMax', [logits, b.constInt([1], [])], [attrs.T(), attrs.type('Tidx', DT.int32), attrs.type('output_type', DT.int32)], { name: `${prefix}/argmax` });
  const hits = b.op('Cast', [b.op('Equal', [predicted, labels], [attrs.T(DT.int32)])], [attrs.type('SrcT', DT.bool), attrs.type('DstT', DT.float)]);
  const correct = b.op('Sum', [hits, b.constInt([0])], [attrs.T(), attrs.type('Tidx', DT.int32), attrs.bool('keep_dims', false)], { name: `${prefix}/correct` });
  return { loss, correct };
}

/**
 * Builds the step graph of `model` (built, uncompiled use is fine) for `counts` samples of
 * `shape`. Throws UnsupportedModelError or UnsupportedLayerError (layers/translator.ts) when
 * the model cannot be expressed; any other error is a bug.
 */
export function buildStepGraph(
  addon: GraphStepAddon,
  model: tf.LayersModel,
  opts: { shape: [number, number, number]; numClasses: number; counts: { train: number; validation: number }; optimizer: OptimizerSettings },
): StepGraph {
  const b = new GraphBuilder(addon, addon.newGraph());
  try {
    // Refuse before adding anything: every layer must have a translator.
    for (const layer of model.layers) translatorFor(layer);
    const weights = model.weights.map((w, i) => variable(b, `w${i}`, DT.float, w.shape as number[]));
    const reads = new Map<tf.LayerVariable, Output>(model.weights.map((w, i) => [w, weights[i]!.read]));
    const trainable = model.trainableWeights;
    const index = new Map(model.weights.map((w, i) => [w, i]));
    const adam = opts.optimizer.kind === 'adam';
    const m = adam ? trainable.map((w, i) => variable(b, `m${i}`, DT.float, w.shape as number[])) : [];
    const v = adam ? trainable.map((w, i) => variable(b, `v${i}`, DT.float, w.shape as number[])) : [];
    const { shape, counts } = opts;
    const data = {
      trainX: variable(b, 'train_x', DT.float, [counts.train, ...shape]),
      trainY: variable(b, 'train_y', DT.int32, [counts.train]),
      valX: variable(b, 'val_x', DT.float, [counts.validation, ...shape]),
      valY: variable(b, 'val_y', DT.int32, [counts.validation]),
    };
    const gather = (from: GraphVariable, indices: Output, name: string): Output =>
      b.op('GatherV2', [from.read, indices, b.constInt([0], [])], [
        attrs.type('Tparams', from.dtype), attrs.type('Tindices', DT.int32), attrs.type('Taxis', DT.int32), attrs.int('batch_dims', 0),
      ], { name });

    // Training step.
    const trainIdx = b.placeholder(DT.int32, [-1], 'train/indices');
    const updates: Array<{ variable: tf.LayerVariable; value: Output; momentum: number }> = [];
    const trainOut = forward(model, gather(data.trainX, trainIdx, 'train/x'), true, b, reads, updates);
    if (trainOut.logits === undefined) throw new UnsupportedModelError('the last layer must end in a softmax (its logits give the loss)');
    const trainY = gather(data.trainY, trainIdx, 'train/y');
    const trainLoss = lossAndCorrect(b, trainOut.logits, trainY, opts.numClasses, 'train');
    const grads = addon.addGradients(b.graph, [trainLoss.loss], trainable.map((w) => reads.get(w) as Output));
    const missing = trainable.filter((_, i) => grads[i] === null).map((w) => w.name);
    if (missing.length > 0) throw new UnsupportedModelError(`no gradient reaches ${missing.join(', ')}`);
    if (reluGradSetting() === 'output') reluGradsReadOutputs(addon, b.graph);
    const beta1Power = b.placeholder(DT.float, [], 'train/beta1_power');
    const beta2Power = b.placeholder(DT.float, [], 'train/beta2_power');
    const f = [attrs.T()];
    const lr = b.scalar(opts.optimizer.learningRate, 'learning_rate');
    const applies: string[] = [];
    const afterLoss = [trainLoss.loss[0], trainLoss.correct[0]];
    if (opts.optimizer.kind === 'adam') {
      const o = opts.optimizer;
      // tfjs's Adam formula equals ResourceApplyAdam's with epsilon * sqrt(1 - beta2^t)
      // (trainer/native/adam-resources.ts explains).
      const epsilon = b.op('Mul', [b.op('Sqrt', [b.op('Sub', [b.scalar(1), beta2Power], f)], f), b.scalar(o.epsilon)], f, { name: 'train/epsilon' });
      const beta1 = b.scalar(o.beta1);
      const beta2 = b.scalar(o.beta2);
      trainable.forEach((w, i) => {
        const [name] = b.op('ResourceApplyAdam', [
          weights[index.get(w)!]!.handle, m[i]!.handle, v[i]!.handle, beta1Power, beta2Power, lr, beta1, beta2, epsilon, grads[i]!,
        ], [...f, attrs.bool('use_locking', false), attrs.bool('use_nesterov', false)], { name: `train/adam${i}`, controls: afterLoss });
        applies.push(name);
      });
    } else {
      trainable.forEach((w, i) => {
        const [name] = b.op('ResourceApplyGradientDescent', [weights[index.get(w)!]!.handle, lr, grads[i]!],
          [...f, attrs.bool('use_locking', false)], { name: `train/sgd${i}`, controls: afterLoss });
        applies.push(name);
      });
    }
    for (const u of updates) {
      const target = weights[index.get(u.variable)!]!;
      const delta = b.op('Mul', [b.op('Sub', [target.read, u.value], f), b.scalar(1 - u.momentum)], f);
      const [name] = b.op('AssignVariableOp', [target.handle, b.op('Sub', [target.read, delta], f)], [attrs.type('dtype', DT.float)], { name: 'train/moving_average' });
      applies.push(name);
    }
    const [trainOp] = b.op('NoOp', [], [], { name: 'train/step', controls: applies });

    // Evaluation step.
    const evalIdx = b.placeholder(DT.int32, [-1], 'eval/indices');
    const evalOut = forward(model, gather(data.valX, evalIdx, 'eval/x'), false, b, reads, []);
    const evalLoss = lossAndCorrect(b, evalOut.logits!, gather(data.valY, evalIdx, 'eval/y'), opts.numClasses, 'eval');

    return {
      builder: b,
      weights,
      m,
      v,
      data,
      train: { indices: trainIdx[0], beta1Power: beta1Power[0], beta2Power: beta2Power[0], loss: trainLoss.loss, correct: trainLoss.correct, op: trainOp },
      evaluate: { indices: evalIdx[0], loss: evalLoss.loss, correct: evalLoss.correct },
    };
  } catch (err) {
    addon.deleteGraph(b.graph);
    throw err;
  }
}
