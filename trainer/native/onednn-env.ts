// TensorFlow's oneDNN backward convolutions (Conv2DBackpropInput/Filter, the depthwise ones)
// build their oneDNN primitive anew on every call unless TF_MKL_OPTIMIZE_PRIMITIVE_MEMUSE is
// 'false': a memory-for-time trade TensorFlow makes by default, which costs eager training
// 50-70 µs per backward convolution here (2-5 % of a step for the reference models). With the
// variable set, those primitives join oneDNN's bounded LRU cache like the forward ones.
// TensorFlow reads it once, at the first backward convolution of the process, so it must be
// set before training starts; an explicit value from the environment is left alone.
export const PRIMITIVE_MEMUSE_VAR = 'TF_MKL_OPTIMIZE_PRIMITIVE_MEMUSE';

/** Sets the variable to 'false' unless the environment already sets it. Returns its value. */
export function cacheBackwardConvPrimitives(env: NodeJS.ProcessEnv = process.env): string {
  if (env[PRIMITIVE_MEMUSE_VAR] === undefined) env[PRIMITIVE_MEMUSE_VAR] = 'false';
  return env[PRIMITIVE_MEMUSE_VAR]!;
}
