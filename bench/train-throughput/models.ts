// The three reference models of the training-throughput benchmark, built on
// whichever tfjs namespace the caller loaded (tfjs-node re-exports tfjs, the
// wasm and cpu runs use @tensorflow/tfjs itself). keras_models.py builds the
// same graphs in Keras; the parameter counts are printed side by side so a
// divergence shows.
import type * as tfjs from '@tensorflow/tfjs';

export type TF = typeof tfjs;

export const MODEL_NAMES = ['cnn', 'resnet', 'sepconv'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

export const INPUT_SHAPE: [number, number, number] = [28, 28, 1];
export const NUM_CLASSES = 10;

export const MODEL_DESCRIPTIONS: Record<ModelName, string> = {
  cnn: 'conv32-pool-conv64-pool-dense128-dense10 (sequential)',
  resnet: 'stem conv16, 2 residual blocks @16, strided conv32, 1 residual block @32, GAP (functional, add)',
  sepconv: '3 separable-conv cells (3x3 and 5x5 branches, concat, 1x1 conv; last one with an add skip)',
};

/** (a) conv32 3x3 relu, maxpool, conv64 3x3 relu, maxpool, flatten, dense128 relu, dense10 softmax. */
function smallCnn(tf: TF): tfjs.LayersModel {
  const m = tf.sequential({ name: 'cnn' });
  m.add(tf.layers.conv2d({ inputShape: INPUT_SHAPE, filters: 32, kernelSize: 3, activation: 'relu' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 128, activation: 'relu' }));
  m.add(tf.layers.dense({ units: NUM_CLASSES, activation: 'softmax' }));
  return m;
}

type Sym = tfjs.SymbolicTensor;

/** conv-relu-conv, added to the block input, relu. */
function residualBlock(tf: TF, x: Sym, filters: number): Sym {
  let y = tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(x) as Sym;
  y = tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same' }).apply(y) as Sym;
  const sum = tf.layers.add().apply([x, y]) as Sym;
  return tf.layers.activation({ activation: 'relu' }).apply(sum) as Sym;
}

/** (b) a small residual net with skip connections (functional API, add layers). */
function smallResnet(tf: TF): tfjs.LayersModel {
  const input = tf.input({ shape: INPUT_SHAPE });
  let x = tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(input) as Sym;
  x = residualBlock(tf, x, 16);
  x = residualBlock(tf, x, 16);
  x = tf.layers.conv2d({ filters: 32, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }).apply(x) as Sym;
  x = residualBlock(tf, x, 32);
  x = tf.layers.globalAveragePooling2d({}).apply(x) as Sym;
  const out = tf.layers.dense({ units: NUM_CLASSES, activation: 'softmax' }).apply(x) as Sym;
  return tf.model({ inputs: input, outputs: out, name: 'resnet' });
}

/** Two separable-conv branches (3x3, 5x5), concatenated, mixed by a 1x1 conv. */
function sepCell(tf: TF, x: Sym, filters: number, skip: boolean): Sym {
  const a = tf.layers.separableConv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(x) as Sym;
  const b = tf.layers.separableConv2d({ filters, kernelSize: 5, padding: 'same', activation: 'relu' }).apply(x) as Sym;
  const cat = tf.layers.concatenate({ axis: -1 }).apply([a, b]) as Sym;
  let y = tf.layers.conv2d({ filters, kernelSize: 1, activation: 'relu' }).apply(cat) as Sym;
  if (skip) y = tf.layers.add().apply([x, y]) as Sym;
  return y;
}

/** (c) a separable-conv cell network: three cells with concatenation, the last with an add. */
function sepconvNet(tf: TF): tfjs.LayersModel {
  const input = tf.input({ shape: INPUT_SHAPE });
  let x = tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(input) as Sym;
  x = sepCell(tf, x, 16, false);
  x = tf.layers.maxPooling2d({ poolSize: 2 }).apply(x) as Sym;
  x = sepCell(tf, x, 32, false);
  x = sepCell(tf, x, 32, true);
  x = tf.layers.maxPooling2d({ poolSize: 2 }).apply(x) as Sym;
  x = tf.layers.globalAveragePooling2d({}).apply(x) as Sym;
  const out = tf.layers.dense({ units: NUM_CLASSES, activation: 'softmax' }).apply(x) as Sym;
  return tf.model({ inputs: input, outputs: out, name: 'sepconv' });
}

/** `makeAdam` lets a run use the trainer's Adam (trainer/native/flat-adam.ts) instead of tfjs's. */
export function buildModel(tf: TF, name: ModelName, makeAdam: (lr: number) => tfjs.Optimizer = (lr) => tf.train.adam(lr)): tfjs.LayersModel {
  const model = name === 'cnn' ? smallCnn(tf) : name === 'resnet' ? smallResnet(tf) : sepconvNet(tf);
  model.compile({ optimizer: makeAdam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

export function isModelName(s: string): s is ModelName {
  return (MODEL_NAMES as readonly string[]).includes(s);
}
