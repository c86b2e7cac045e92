#!/usr/bin/env node
'use strict';
// Self-check of the GPU path (`npm run check:gpu`): loads
// @tensorflow/tfjs-node-gpu in a child process with the CUDA libraries of the
// nvidia-*-cu12 wheels on LD_LIBRARY_PATH, reports whether TensorFlow sees a
// GPU device, and runs a matMul.
// Exit status: 0 a GPU is visible and the matMul is right; 2 the package loads
// and computes, but on the CPU (no GPU visible); 1 it is not provisioned or
// does not load. See docs/gpu.md.

const cp = require('child_process');
const fs = require('fs');
const path = require('path');

const { RESULT_TAG } = require('./check.js');
const { TF_VERSION, VARIANTS, tfRootDir, cudaLibraryDirs, gpuRuntimeEnv } = require('./provision.js');

const PKG = VARIANTS.gpu.pkg;
const ROOT = path.resolve(__dirname, '..', '..');

function say(msg) {
  process.stdout.write(`[check:gpu] ${msg}\n`);
}

function driverInfo() {
  const smi = cp.spawnSync('nvidia-smi', ['--query-gpu=name,driver_version,memory.total', '--format=csv,noheader'], { encoding: 'utf8' });
  if (smi.error) return { smi: null, note: 'nvidia-smi not found (no NVIDIA driver installed?)' };
  if (smi.status !== 0) return { smi: null, note: `nvidia-smi failed: ${(smi.stderr || smi.stdout).trim().split('\n')[0]}` };
  return { smi: smi.stdout.trim().split('\n').filter(Boolean) };
}

function hasLibcuda() {
  const r = cp.spawnSync('ldconfig', ['-p'], { encoding: 'utf8' });
  if (!r.error && /libcuda\.so\.1\b/.test(r.stdout)) return true;
  return ['/usr/lib/x86_64-linux-gnu/libcuda.so.1', '/usr/lib64/libcuda.so.1', '/usr/lib/wsl/lib/libcuda.so.1'].some((p) => fs.existsSync(p));
}

function main() {
  let pkgDir;
  try {
    pkgDir = path.dirname(require.resolve(`${PKG}/package.json`, { paths: [ROOT] }));
  } catch {
    say(`${PKG} is not installed (it is a dependency in package.json: run npm ci).`);
    return 1;
  }
  const cudaDirs = cudaLibraryDirs();
  if (!fs.existsSync(path.join(pkgDir, 'deps', 'lib', 'libtensorflow_cc.so.2')) || cudaDirs.length === 0) {
    say(`${PKG} is not provisioned with TensorFlow ${TF_VERSION} and the CUDA 12 wheels: run \`npm run setup:gpu\` first.`);
    return 1;
  }
  say(`TensorFlow ${TF_VERSION} GPU libraries: ${path.join(tfRootDir(VARIANTS.gpu), 'tensorflow')}`);
  say(`CUDA libraries (${cudaDirs.length} dirs on LD_LIBRARY_PATH): ${path.dirname(path.dirname(cudaDirs[0]))}/{${cudaDirs.map((d) => path.basename(path.dirname(d))).join(',')}}/lib`);
  const drv = driverInfo();
  if (drv.smi) for (const g of drv.smi) say(`nvidia-smi: ${g}`);
  else say(drv.note);
  const libcuda = hasLibcuda();
  say(`libcuda.so.1 (driver library): ${libcuda ? 'found' : 'NOT found'}`);

  const env = gpuRuntimeEnv();
  if (env.TF_CPP_MIN_LOG_LEVEL === undefined) env.TF_CPP_MIN_LOG_LEVEL = '0';
  const r = cp.spawnSync(process.execPath, [path.join(__dirname, 'check.js'), '--package', PKG],
    { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const line = (r.stdout || '').split('\n').find((l) => l.startsWith(RESULT_TAG));
  const res = line ? JSON.parse(line.slice(RESULT_TAG.length)) : null;
  const tfLines = (r.stderr || '').split('\n').filter((l) => /cuda|gpu|driver|device/i.test(l)).slice(0, 12);

  if (!res || res.stage === 'load') {
    say(`FAIL: ${PKG} does not load: ${res ? res.error : `child exited ${r.signal || r.status}`}`);
    for (const l of (r.stderr || '').trim().split('\n').slice(-15)) say(`  ${l}`);
    say('Re-run `npm run setup:gpu` (add --force to rebuild); see docs/gpu.md.');
    return 1;
  }
  say(`loaded ${PKG} ${res.tfjsNodeVersion}: backend '${res.backend}', TensorFlow ${res.tensorflowVersion}`);
  for (const l of tfLines) say(`  tf: ${l.trim()}`);
  say(`matMul: ${res.matMulOk ? 'correct' : `WRONG ${JSON.stringify(res.matMul)}`} (256x256 in ${res.matMul256Ms} ms)`);
  if (!res.matMulOk) return 1;
  if (res.gpuDevice) {
    say('OK: TensorFlow sees a GPU device and tfjs-node-gpu runs its ops there.');
    return 0;
  }
  const why = !drv.smi || !libcuda
    ? 'there is no usable NVIDIA driver on this machine (nvidia-smi / libcuda.so.1 missing)'
    : 'TensorFlow did not register a GPU (see the tf: lines above: driver too old for CUDA 12, or a CUDA library failed to load)';
  say(`NO GPU: ${PKG} loads and computes, but on the CPU, because ${why}.`);
  return 2;
}

process.exitCode = main();
