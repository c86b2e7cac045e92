// Every list of names that more than one part of the project must agree on. Types derive from
// these arrays, and so do config validation, the trainer and the request validator: adding a
// name here is the one edit that makes it known everywhere.

/**
 * Datasets the trainer can load (see trainer/datasets), and 'tabular': the tabular benchmark,
 * answered by table lookup in the training activity instead of by the trainer.
 */
export const DATASET_NAMES = ['mnist', 'mnist14', 'synthetic', 'idx', 'cifar10', 'tabular'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/** tfjs backends, fastest first: also the order in which 'auto' tries them. */
export const BACKEND_NAMES = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** What a config or a worker may ask for: a backend, or 'auto' for the first that loads. */
export const BACKEND_CHOICES = ['auto', ...BACKEND_NAMES] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** Activation functions an operation may apply. */
export const ACTIVATIONS = ['relu', 'elu', 'tanh', 'selu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export const OPTIMIZERS = ['adam', 'sgd'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** True when `value` is one of `names`; narrows untyped input (configs, IPC messages). */
export function isOneOf<T extends string>(names: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (names as readonly string[]).includes(value);
}
