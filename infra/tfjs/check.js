#!/usr/bin/env node
'use strict';
// Loads @tensorflow/tfjs-node (or -gpu) in this process, checks that the
// 'tensorflow' backend is active and that a small matMul gives the right
// answer, and prints one JSON line (prefixed with CHECK_RESULT) describing it.
// Run as a child process by provision.js and check-gpu.js: a broken native
// library can abort the process, which the parent then reports.
//
//   node infra/tfjs/check.js [--package @tensorflow/tfjs-node-gpu]

const path = require('path');

const RESULT_TAG = 'CHECK_RESULT ';

function parseArgs(argv) {
  const args = { pkg: '@tensorflow/tfjs-node' };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--package') args.pkg = argv[++i];
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return args;
}

function main() {
  const { pkg } = parseArgs(process.argv.slice(2));
  const root = path.resolve(__dirname, '..', '..');
  const result = { package: pkg, ok: false };
  const t0 = Date.now();
  let tf;
  try {
    tf = require(require.resolve(pkg, { paths: [root] }));
  } catch (err) {
    result.stage = 'load';
    result.error = String(err && err.message ? err.message : err);
    process.stdout.write(RESULT_TAG + JSON.stringify(result) + '\n');
    process.exitCode = 1;
    return;
  }
  result.loadMs = Date.now() - t0;
  const backend = tf.backend();
  result.backend = tf.getBackend();
  result.tfjsVersion = tf.version['tfjs-core'];
  result.tfjsNodeVersion = tf.version['tfjs-node'];
  result.tensorflowVersion = backend && backend.binding ? backend.binding.TF_Version : undefined;
  result.gpuPackage = Boolean(backend && backend.isGPUPackage);
  result.gpuDevice = Boolean(backend && backend.isUsingGpuDevice);
  try {
    const a = tf.tensor2d([[1, 2], [3, 4]]);
    const b = tf.tensor2d([[5, 6], [7, 8]]);
    const c = tf.matMul(a, b);
    const got = Array.from(c.dataSync());
    const want = [19, 22, 43, 50];
    result.matMul = got;
    result.matMulOk = got.length === want.length && got.every((v, i) => v === want[i]);
    // A larger product, to see that the kernels really run (and to time one).
    const x = tf.randomNormal([256, 256]);
    tf.matMul(x, x).dataSync();
    const t1 = Date.now();
    tf.matMul(x, x).dataSync();
    result.matMul256Ms = Date.now() - t1;
    tf.dispose([a, b, c, x]);
  } catch (err) {
    result.stage = 'matMul';
    result.error = String(err && err.message ? err.message : err);
  }
  result.ok = result.backend === 'tensorflow' && result.matMulOk === true;
  if (!result.ok && !result.error) {
    result.stage = 'backend';
    result.error = `expected backend 'tensorflow' and a correct matMul, got backend '${result.backend}', matMul ${JSON.stringify(result.matMul)}`;
  }
  process.stdout.write(RESULT_TAG + JSON.stringify(result) + '\n');
  process.exitCode = result.ok ? 0 : 1;
}

if (require.main === module) main();

module.exports = { RESULT_TAG };
