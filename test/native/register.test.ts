// registerTensorflowTrainingKernels: idempotent, reversible, and inert on other backends.
import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {
  registerTensorflowTrainingKernels, tensorflowGradientOverrides, tensorflowKernelOverrides,
  tensorflowTrainingKernelsRegistered, unregisterTensorflowTrainingKernels,
} from '../../trainer/native/register-all';
import { cacheBackwardConvPrimitives, PRIMITIVE_MEMUSE_VAR } from '../../trainer/native/onednn-env';
import { useTensorflow } from './helpers';

test.before(useTensorflow);

const names = () => tensorflowKernelOverrides.map((o) => o.kernelName);
const kernels = () => names().map((n) => tf.getKernel(n, 'tensorflow')?.kernelFunc);
const gradients = () => tensorflowGradientOverrides.map((o) => tf.getGradient(o.kernelName));

test.serial('registering twice changes nothing the second time; unregistering restores the stock ones', (t) => {
  unregisterTensorflowTrainingKernels();
  const stockKernels = kernels();
  const stockGradients = gradients();
  t.false(tensorflowTrainingKernelsRegistered());
  registerTensorflowTrainingKernels();
  const ours = kernels();
  const ourGradients = gradients();
  t.true(tensorflowTrainingKernelsRegistered());
  ours.forEach((k, i) => t.not(k, stockKernels[i], names()[i]));
  registerTensorflowTrainingKernels();
  t.deepEqual(kernels(), ours);
  t.deepEqual(gradients(), ourGradients);
  unregisterTensorflowTrainingKernels();
  t.deepEqual(kernels(), stockKernels);
  t.deepEqual(gradients(), stockGradients);
  t.false(tensorflowTrainingKernelsRegistered());
  // And again: a second cycle builds fresh overrides around the stock kernels.
  registerTensorflowTrainingKernels();
  t.true(tensorflowTrainingKernelsRegistered());
  unregisterTensorflowTrainingKernels();
  t.deepEqual(kernels(), stockKernels);
});

test.serial('the replaced gradients keep tfjs\'s formula on other backends', async (t) => {
  registerTensorflowTrainingKernels();
  await tf.setBackend('cpu');
  try {
    const x = tf.tensor1d([NaN, -1, 0, 2]);
    const g = tf.grad((v: tf.Tensor) => tf.relu(v))(x);
    const values = Array.from(g.dataSync());
    // tfjs's dy * step(x): NaN stays NaN (the tensorflow replacement would give 0).
    t.true(Number.isNaN(values[0]!));
    t.deepEqual(values.slice(1), [0, 0, 1]);
    tf.dispose([x, g]);
  } finally {
    await tf.setBackend('tensorflow');
    unregisterTensorflowTrainingKernels();
  }
});

test.serial('registration asks TensorFlow to cache backward convolution primitives, unless the environment says otherwise', (t) => {
  const env: NodeJS.ProcessEnv = {};
  t.is(cacheBackwardConvPrimitives(env), 'false');
  t.is(env[PRIMITIVE_MEMUSE_VAR], 'false');
  const explicit: NodeJS.ProcessEnv = { [PRIMITIVE_MEMUSE_VAR]: 'true' };
  t.is(cacheBackwardConvPrimitives(explicit), 'true');
  registerTensorflowTrainingKernels();
  t.not(process.env[PRIMITIVE_MEMUSE_VAR], undefined);
  unregisterTensorflowTrainingKernels();
});
