// Installs this folder's overrides for the 'tensorflow' backend (tfjs-node, CPU or GPU
// build): faster kernels and gradients for training, each falling back to the stock one
// outside the cases it handles. Call after @tensorflow/tfjs-node has been required (it
// registers the stock kernels this replaces). The optimizer side lives in flat-adam.ts.
import * as tf from '@tensorflow/tfjs';
import { castOverride } from './cast';
import { flatAdamKernel } from './flat-adam-kernel';
import { maxPoolOverride } from './max-pool';
import { maxPoolGradOverride } from './max-pool-grad';
import { releaseAllWorkspaces } from './max-pool-workspace';
import { meanGradOverride } from './mean-grad';
import { cacheBackwardConvPrimitives } from './onednn-env';
import { pointwiseConv2dBackpropFilterOverride, pointwiseConv2dBackpropInputOverride, pointwiseConv2dOverride } from './pointwise-conv';
import { TENSORFLOW, type GradientOverride, type KernelOverride } from './override';
import { reluGradOverride } from './relu-grad';
import { releaseShapeHandles, reshapeOverride } from './reshape';
import { splitOverride } from './split';
import { seluGradOverride } from './selu-grad';
import { stepOverride } from './step';
import { sumOverride } from './sum';
import { tanhGradOverride } from './tanh-grad';
import { nodeBackend } from './tf-native';

export const tensorflowKernelOverrides: readonly KernelOverride[] = [
  stepOverride,
  castOverride,
  sumOverride,
  reshapeOverride,
  splitOverride,
  pointwiseConv2dOverride,
  pointwiseConv2dBackpropInputOverride,
  pointwiseConv2dBackpropFilterOverride,
  maxPoolOverride,
  maxPoolGradOverride,
];

export const tensorflowGradientOverrides: readonly GradientOverride[] = [
  reluGradOverride,
  tanhGradOverride,
  seluGradOverride,
  meanGradOverride,
];

/** Kernels of this folder's own (not replacements): FlatAdamOptimizer's step. */
export const tensorflowHelperKernels: readonly tf.KernelConfig[] = [flatAdamKernel];

/** What was replaced, to make registration idempotent and reversible. */
const installedKernels = new Map<string, { stock: tf.KernelConfig; ours: tf.KernelConfig }>();
const installedGradients = new Map<string, { stock: tf.GradConfig; ours: tf.GradConfig }>();

function installKernel(o: KernelOverride): void {
  const current = tf.getKernel(o.kernelName, TENSORFLOW);
  const mine = installedKernels.get(o.kernelName);
  if (mine !== undefined && current?.kernelFunc === mine.ours.kernelFunc) return;
  if (current == null) {
    throw new Error(`registerTensorflowTrainingKernels: no '${o.kernelName}' kernel for 'tensorflow'; require @tensorflow/tfjs-node first`);
  }
  const ours = o.make(current);
  tf.unregisterKernel(o.kernelName, TENSORFLOW);
  tf.registerKernel(ours);
  installedKernels.set(o.kernelName, { stock: current, ours });
}

function installHelpers(kernels: readonly tf.KernelConfig[], gradients: readonly tf.GradConfig[]): void {
  for (const k of kernels) {
    if (tf.getKernel(k.kernelName, TENSORFLOW) == null) tf.registerKernel(k);
  }
  for (const g of gradients) {
    if (tf.getGradient(g.kernelName) == null) tf.registerGradient(g);
  }
}

function installGradient(o: GradientOverride): void {
  installHelpers(o.helperKernels, o.helperGradients);
  const current = tf.getGradient(o.kernelName);
  const mine = installedGradients.get(o.kernelName);
  if (mine !== undefined && current === mine.ours) return;
  if (current == null) throw new Error(`registerTensorflowTrainingKernels: tfjs has no gradient for '${o.kernelName}'`);
  const ours = o.make(current);
  tf.registerGradient(ours);
  installedGradients.set(o.kernelName, { stock: current, ours });
}

/**
 * Idempotent. Replaces the kernels and gradients listed above (see each file for why), and
 * lets TensorFlow cache its backward convolution primitives (onednn-env.ts; call this before
 * training starts for that to apply).
 */
export function registerTensorflowTrainingKernels(): void {
  cacheBackwardConvPrimitives();
  for (const o of tensorflowKernelOverrides) installKernel(o);
  for (const o of tensorflowGradientOverrides) installGradient(o);
  installHelpers(tensorflowHelperKernels, []);
}

/** Whether the overrides are currently installed (all of them). */
export function tensorflowTrainingKernelsRegistered(): boolean {
  return tensorflowKernelOverrides.every((o) => tf.getKernel(o.kernelName, TENSORFLOW)?.kernelFunc === installedKernels.get(o.kernelName)?.ours.kernelFunc) &&
    tensorflowGradientOverrides.every((o) => tf.getGradient(o.kernelName) === installedGradients.get(o.kernelName)?.ours) &&
    tensorflowHelperKernels.every((k) => tf.getKernel(k.kernelName, TENSORFLOW) != null);
}

/**
 * Puts the stock kernels and gradients back and removes the helper kernels (for comparisons
 * and tests; FlatAdamOptimizer then takes its tf-op path).
 */
export function unregisterTensorflowTrainingKernels(): void {
  for (const [name, { stock, ours }] of installedKernels) {
    if (tf.getKernel(name, TENSORFLOW)?.kernelFunc === ours.kernelFunc) {
      tf.unregisterKernel(name, TENSORFLOW);
      tf.registerKernel(stock);
    }
  }
  installedKernels.clear();
  for (const [name, { stock, ours }] of installedGradients) {
    if (tf.getGradient(name) === ours) tf.registerGradient(stock);
  }
  installedGradients.clear();
  const helpers = [...tensorflowHelperKernels, ...tensorflowGradientOverrides.flatMap((o) => o.helperKernels)];
  for (const k of helpers) {
    if (tf.getKernel(k.kernelName, TENSORFLOW)?.kernelFunc === k.kernelFunc) tf.unregisterKernel(k.kernelName, TENSORFLOW);
  }
  for (const g of tensorflowGradientOverrides.flatMap((o) => o.helperGradients)) {
    if (tf.getGradient(g.kernelName) === g) tf.unregisterGradient(g.kernelName);
  }
  const backend = tf.findBackend(TENSORFLOW);
  if (backend != null) {
    releaseAllWorkspaces(nodeBackend(backend));
    releaseShapeHandles(nodeBackend(backend));
  }
}
