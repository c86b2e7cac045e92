// Lines a benchmark child (worker.js or keras_bench.py) prints on stdout.
export const BENCH_INFO = 'BENCH_INFO ';
export const BENCH_RESULT = 'BENCH_RESULT ';

/** 'graph': tfjs-node with whole training steps as TensorFlow graphs (trainer/graph/). */
export type WorkerBackend = 'tensorflow' | 'graph' | 'wasm' | 'cpu';
export type BenchBackend = WorkerBackend | 'keras';

/** What a child loaded. */
export interface BackendRunInfo {
  backend: BenchBackend;
  package: string;
  version: string;
  tfjsVersion?: string;
  activeBackend?: string;
  tensorflowVersion?: string;
  notes: string[];
  /** Set when the backend could not be loaded at all. */
  error?: string;
}

/** One model trained on one backend. */
export interface ModelResult {
  backend: BenchBackend;
  model: string;
  ok: boolean;
  batch: number;
  samples: number;
  warmup: number;
  params?: number;
  warmupSeconds?: number;
  seconds?: number;
  samplesPerSecond?: number;
  loss?: number;
  /** Keras only: whether the train step was XLA-compiled (jit_compile). */
  jitCompile?: boolean;
  error?: string;
}
