// Checkpoints: resuming reproduces uninterrupted training, superseded checkpoints are
// removed, bad references fail clearly, and kill -9 during saves never leaves a corrupt one.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { readAdamBetaPowers } from '../../trainer/adam-state';
import { loadCheckpoint, saveCheckpoint } from '../../trainer/checkpoint';
import { CheckpointError } from '../../trainer/errors';
import { buildModel } from '../../trainer/model/build';
import { compileForClassification } from '../../trainer/model/compile';
import { SAVE_LOOP_ARCH } from './fixtures/save-loop-arch';
import { ALL_OPS, SMALL_CONV_CHAIN, removeDir, tempArtifactRoot, tinyRequest, trainerTestBed } from './helpers';
import { compileChain } from '../../domain/spaces/chain';

const { root, backend, run, withoutSeconds, weightsOf, checkpointDirs: trialDirs } = trainerTestBed('checkpoint');

for (const optimizer of ['adam', 'sgd'] as const) {
  test.serial(`${optimizer}: training 1 epoch then resuming to 3 equals training to 3 at once`, async (t) => {
    // 64 samples in batches of 8: 8 steps per epoch, so the resume happens after step 8,
    // where tfjs's own pow(beta1, t + 1) differs from the running product by an ulp
    // (checked separately below), i.e. where restoring Adam's exact powers matters.
    const base = tinyRequest({
      architecture: ALL_OPS,
      dataset: { name: 'synthetic', trainSize: 64, validationSize: 32, splitSeed: 3 },
      training: { batchSize: 8, learningRate: 0.01, optimizer },
      seed: 9,
    });
    const whole = await run({ ...base, trialId: `${optimizer}-whole`, targetEpochs: 3 });
    const first = await run({ ...base, trialId: `${optimizer}-split`, targetEpochs: 1 });
    const rest = await run({ ...base, trialId: `${optimizer}-split`, targetEpochs: 3, resumeFrom: first.checkpoint });

    t.deepEqual(rest.history.map((m) => m.epoch), [2, 3]);
    t.is(rest.epochsDone, 3);
    // On CPU-side backends (cpu, wasm, tensorflow on CPU) every kernel is deterministic, so
    // the resumed run is bit-identical: same shuffles (seed + epoch), same weights and
    // optimiser state after loading. A GPU may reorder float reductions between runs, so
    // there only closeness can be promised.
    if (!backend().gpu) {
      t.deepEqual(withoutSeconds(rest), withoutSeconds(whole).slice(1));
      t.true(weightsOf(rest).equals(weightsOf(whole)), 'weights.bin (weights and optimizer slots) byte-identical');
    } else {
      t.true(Math.abs(rest.final.valLoss - whole.final.valLoss) < 1e-3);
    }
    // Superseded intermediates of a call are deleted; the checkpoint a call started from is kept.
    t.deepEqual(trialDirs(`${optimizer}-whole`), ['epoch-0003']);
    t.deepEqual(trialDirs(`${optimizer}-split`), ['epoch-0001', 'epoch-0003']);
    t.is(rest.memory?.numTensors, 0);
  });
}

test.serial("Adam's bias-correction powers are restored exactly, not recomputed", async (t) => {
  const request = tinyRequest({ trialId: 'powers', dataset: { name: 'synthetic', trainSize: 64, validationSize: 16, splitSeed: 3 }, training: { batchSize: 8, learningRate: 0.01, optimizer: 'adam' } });
  const result = await run(request);
  const saved = JSON.parse(fs.readFileSync(path.join(root, result.checkpoint.uri, 'model.json'), 'utf8')).nas.adam;
  const model = buildModel(request.architecture, [12, 12, 1], 4, 0);
  const optimizer = compileForClassification(model, request.training);
  try {
    await loadCheckpoint(root, result.checkpoint, model, 'adam');
    // tfjs's setWeights alone would leave pow(beta, 9) here, which for beta1 = 0.9 on the
    // cpu and tensorflow backends is 0.3874203860759735 against the running product's
    // 0.3874204158782959 after 8 steps.
    t.deepEqual(await readAdamBetaPowers(optimizer), saved);
    t.is(typeof saved.beta1Power, 'number');
  } finally {
    model.dispose();
    optimizer.dispose();
  }
});

test.serial('a checkpoint folder is a tfjs layers model: loadLayersModel(fromMemory) predicts like loadCheckpoint', async (t) => {
  const request = tinyRequest({ trialId: 'plain-tfjs', architecture: ALL_OPS });
  const result = await run(request);
  const dir = path.join(root, result.checkpoint.uri);
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const bytes = fs.readFileSync(path.join(dir, 'weights.bin'));
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  // The optimizer group is skipped by tfjs when the topology has no training config.
  const plain = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData }));
  const ours = buildModel(ALL_OPS, [12, 12, 1], 4, 0);
  const optimizer = compileForClassification(ours, request.training);
  try {
    await loadCheckpoint(root, result.checkpoint, ours, 'adam');
    const x = tf.randomUniform([3, 12, 12, 1], 0, 1, 'float32', 1);
    const [a, b] = [plain.predict(x) as tf.Tensor, ours.predict(x) as tf.Tensor];
    t.deepEqual(Array.from(a.dataSync()), Array.from(b.dataSync()));
    tf.dispose([x, a, b]);
  } finally {
    plain.dispose();
    ours.dispose();
    optimizer.dispose();
  }
});

test.serial('resuming at targetEpochs trains nothing and reports the checkpoint as final', async (t) => {
  const request = tinyRequest({ trialId: 'noop', targetEpochs: 1 });
  const first = await run(request);
  const again = await run({ ...request, resumeFrom: first.checkpoint });
  t.deepEqual(again.history, []);
  t.deepEqual(again.final, first.final);
  t.deepEqual(again.checkpoint, first.checkpoint);
});

test.serial('bad checkpoint references fail with CheckpointError; a missing one falls back', async (t) => {
  const request = tinyRequest({ trialId: 'refs', targetEpochs: 1 });
  const first = await run(request);
  await t.throwsAsync(run({ ...request, targetEpochs: 2, resumeFrom: { uri: '../../etc/epoch-0001', epoch: 1 } }), {
    instanceOf: CheckpointError, message: /is not an epoch folder under the artifact root/,
  });
  // A checkpoint the store lacks is unreadable like a corrupt one: the training falls back to
  // the newest earlier one instead of failing (more in resume-fallback.test.ts).
  const missing = await run({ ...request, targetEpochs: 3, resumeFrom: { uri: 'search-test/refs/epoch-0002', epoch: 2 } });
  t.deepEqual(missing.resumeFallback?.resumedFrom, first.checkpoint);
  t.regex(missing.resumeFallback?.unreadable[0].reason ?? '', /checkpoint 'search-test\/refs\/epoch-0002' cannot be read: .*is not in/);
  const wrongArch = { ...request, architecture: compileChain({ ...SMALL_CONV_CHAIN, layers: SMALL_CONV_CHAIN.layers.slice(1) }) };
  await t.throwsAsync(run({ ...wrongArch, targetEpochs: 2, resumeFrom: first.checkpoint }), {
    instanceOf: CheckpointError, message: /does not fit the requested architecture/,
  });
  const sgd = { ...request, training: { ...request.training, optimizer: 'sgd' as const } };
  await t.throwsAsync(run({ ...sgd, targetEpochs: 2, resumeFrom: first.checkpoint }), {
    instanceOf: CheckpointError, message: /was trained with adam, the request uses sgd/,
  });
  t.is(tf.memory().numTensors, 0, 'failed resumes dispose what they built');
});

/** Starts the save-loop fixture and SIGKILLs it `delayMs` after its first completed save. */
function killDuringSaves(artifactRoot: string, delayMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'fixtures', 'save-loop.js'), artifactRoot], { stdio: ['ignore', 'pipe', 'inherit'] });
    let saves = 0;
    readline.createInterface({ input: child.stdout }).on('line', () => {
      if (saves++ === 0) setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => (signal === 'SIGKILL' ? resolve(saves) : reject(new Error(`fixture exited with ${code}`))));
  });
}

test.serial('kill -9 while saving checkpoints and deleting superseded ones never leaves a corrupt or missing checkpoint', async (t) => {
  const killRoot = tempArtifactRoot('kill');
  try {
    const trialDir = path.join(killRoot, 's', 'kill');
    for (const delayMs of [37, 113, 171]) {
      const saves = await killDuringSaves(killRoot, delayMs);
      const epochs = fs.readdirSync(trialDir).filter((name) => name.startsWith('epoch-'));
      const temps = fs.readdirSync(trialDir).filter((name) => name.startsWith('.'));
      t.log(`killed after ${saves} completed saves; left ${epochs.join(', ')}${temps.length > 0 ? ` and ${temps.join(', ')}` : ''}`);
      // The newest complete save is always there (it is deleted only after its successor exists).
      t.true(epochs.length >= 1 && epochs.length <= 2, `epoch folders: ${epochs.join(', ')}`);
      for (const name of epochs) {
        const model = buildModel(SAVE_LOOP_ARCH, [28, 28, 1], 10, 2);
        const optimizer = compileForClassification(model, { batchSize: 8, learningRate: 0.01, optimizer: 'adam' });
        try {
          const epoch = Number(name.slice('epoch-'.length));
          const metrics = await loadCheckpoint(killRoot, { uri: `s/kill/${name}`, epoch }, model, 'adam');
          t.is(metrics.epoch, epoch);
        } finally {
          model.dispose();
          optimizer.dispose();
        }
      }
    }
    // Whatever temporary folders the kills left behind belong to dead pids and are swept by
    // the next save into the same trial folder.
    const model = buildModel(SAVE_LOOP_ARCH, [28, 28, 1], 10, 2);
    const optimizer = compileForClassification(model, { batchSize: 8, learningRate: 0.01, optimizer: 'adam' });
    await saveCheckpoint(killRoot, { searchId: 's', trialId: 'kill' }, model, {
      epoch: 9999, optimizer: 'adam', metrics: { epoch: 9999, loss: 0, accuracy: 0, valLoss: 0, valAccuracy: 0, seconds: 0 },
    });
    model.dispose();
    optimizer.dispose();
    t.deepEqual(fs.readdirSync(trialDir).filter((name) => name.startsWith('.')), []);
  } finally {
    removeDir(killRoot);
  }
});
