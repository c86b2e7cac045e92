// Shared fixtures of the trainer tests: tiny requests that train in well under a second on
// any backend, throw-away artifact roots, and the test bed of files that train into one.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'ava';
import { compileChain, type ChainArchitecture } from '../../domain/spaces/chain';
import { selectBackend } from '../../trainer/backend';
import { train } from '../../trainer/train';
import type { BackendInfo, TrainRequest, TrainResult } from '../../contracts/training';
import type { BackendChoice } from '../../contracts/names';

/**
 * Backend the tests train on: 'auto' (whatever this machine has), or NAS_TEST_BACKEND to
 * run the same suite on another one, e.g. NAS_TEST_BACKEND=wasm.
 */
export const TEST_BACKEND = (process.env.NAS_TEST_BACKEND ?? 'auto') as BackendChoice;

/** Exercises every op kind the trainer builds, at toy sizes. */
export const ALL_OPS_CHAIN: ChainArchitecture = {
  type: 'chain',
  layers: [
    { op: 'conv', filters: 4, kernelSize: 3, strides: 1, activation: 'relu' },
    { op: 'sepconv', filters: 4, kernelSize: 3, strides: 2, activation: 'elu' },
    { op: 'dilconv', filters: 4, kernelSize: 3, dilation: 2, activation: 'selu' },
    { op: 'maxpool', poolSize: 2, strides: 2 },
    { op: 'avgpool', poolSize: 3, strides: 1 },
    { op: 'dense', units: 8, activation: 'tanh' },
  ],
};

export const SMALL_CONV_CHAIN: ChainArchitecture = {
  type: 'chain',
  layers: [
    { op: 'conv', filters: 4, kernelSize: 3, strides: 2, activation: 'relu' },
    { op: 'maxpool', poolSize: 2, strides: 2 },
    { op: 'dense', units: 8, activation: 'relu' },
  ],
};

/** The chains above as the graphs the trainer builds (node ids l<i>_<op>, as legacy chains). */
export const ALL_OPS = compileChain(ALL_OPS_CHAIN);
export const SMALL_CONV = compileChain(SMALL_CONV_CHAIN);

export function tinyRequest(overrides: Partial<TrainRequest> = {}): TrainRequest {
  return {
    searchId: 'search-test',
    trialId: 'trial-1',
    architecture: SMALL_CONV,
    dataset: { name: 'synthetic', trainSize: 64, validationSize: 32, splitSeed: 1 },
    training: { batchSize: 16, learningRate: 0.01, optimizer: 'adam' },
    seed: 42,
    targetEpochs: 1,
    backend: 'auto',
    ...overrides,
  };
}

export function tempArtifactRoot(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `nas-trainer-${label}-`));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Whether a process exists (a reaped child does not; a zombie still would). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * What a test file that trains into one artifact root needs: the test backend, selected once
 * before its tests; the root, removed after them; `run` to train there; and readers of what a
 * training left (its history without timings, its checkpoint's weights, its checkpoint folders).
 */
export function trainerTestBed(label: string) {
  const root = tempArtifactRoot(label);
  let selected: BackendInfo | undefined;
  test.before(async () => {
    selected = await selectBackend(TEST_BACKEND, { log: () => undefined });
  });
  test.after.always(() => removeDir(root));
  const backend = (): BackendInfo => {
    if (selected === undefined) throw new Error('trainerTestBed: the backend is selected in test.before; use it inside a test');
    return selected;
  };
  return {
    root,
    backend,
    run: (request: TrainRequest) => train(request, { artifactRoot: root, backend: backend() }),
    withoutSeconds: (r: TrainResult) => r.history.map(({ seconds, ...m }) => m),
    weightsOf: (r: TrainResult) => fs.readFileSync(path.join(root, r.checkpoint.uri, 'weights.bin')),
    // Checkpoint folders only (the trial's folder also holds the trainer's epochs.jsonl log).
    checkpointDirs: (trialId: string) => fs.readdirSync(path.join(root, 'search-test', trialId)).filter((n) => n.startsWith('epoch-')).sort(),
  };
}
