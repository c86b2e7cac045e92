#!/usr/bin/env node
'use strict';
// Makes @tensorflow/tfjs-node (and, on request, @tensorflow/tfjs-node-gpu)
// usable without the package's own install script, which downloads
// libtensorflow 2.9.1 from storage.googleapis.com (unreachable, and 403 for
// everyone: tensorflow/tfjs#8742; package.json's allowScripts turns it off).
//
// Instead, native TensorFlow comes from the PyPI wheel:
//   1. pip downloads tensorflow-cpu==2.21.0 (or tensorflow==2.21.0 plus the
//      nvidia-*-cu12 wheels of its and-cuda extra for the GPU package) into a
//      per-machine cache;
//   2. libtensorflow_cc.so.2, libtensorflow_framework.so.2 and the C API
//      headers the binding includes are extracted into that cache, and laid
//      out under node_modules/@tensorflow/tfjs-node/deps/ by symlinks;
//   3. the N-API binding is built from the package's own sources with
//      node-gyp against this machine's Node headers (nothing from nodejs.org)
//      and cached per (package version, TF version, napi version, node ABI);
//   4. a child process loads the package and runs a matMul.
//
// Plain CommonJS with no dependencies: it runs from the root package's
// postinstall script, before `prepare` compiles the TypeScript.
//
// Usage: node infra/tfjs/provision.js [--gpu] [--postinstall] [--force]
//        [--rebuild] [--no-verify]
// Environment: see infra/tfjs/README.md (NAS_SKIP_TFJS_NODE, NAS_TFJS_GPU,
// NAS_TFJS_CACHE, XDG_CACHE_HOME, NAS_TF_WHEEL, NAS_TF_WHEEL_DIRS, NAS_PYTHON,
// npm_config_nodedir, npm_config_node_gyp).

const cp = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { RESULT_TAG } = require('./check.js');

const TF_VERSION = '2.21.0';
/** The wheels are built per CPython version, but the shared libraries in them
 * do not link libpython, so any CPython wheel serves; we ask pip for this one
 * whatever the local python is. */
const WHEEL_PYTHON = '3.11';
const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

const VARIANTS = {
  cpu: { name: 'cpu', pkg: '@tensorflow/tfjs-node', dist: 'tensorflow-cpu', cuda: false },
  gpu: { name: 'gpu', pkg: '@tensorflow/tfjs-node-gpu', dist: 'tensorflow', cuda: true },
};

/** The two shared libraries of the wheel (their SONAMEs). */
const TF_LIBS = ['libtensorflow_cc.so.2', 'libtensorflow_framework.so.2'];
/** C API headers always extracted, besides whatever the binding includes. */
const BASE_HEADER_SEEDS = [
  'tensorflow/c/c_api.h',
  'tensorflow/c/c_api_experimental.h',
  'tensorflow/c/eager/c_api.h',
  'tensorflow/c/eager/c_api_experimental.h',
];
/** What to take from each nvidia-*-cu12 wheel (paths inside the wheel). */
const CUDA_GLOBS = ['nvidia/*/lib/*', 'nvidia/cuda_nvcc/bin/*', 'nvidia/cuda_nvcc/nvvm/libdevice/*'];

class ProvisionError extends Error {
  constructor(message, hint) {
    super(message);
    this.hint = hint;
  }
}

// ---------------------------------------------------------------- logging

const T0 = Date.now();
let logPrefix = '[tfjs-node]';
function elapsed(since = T0) {
  return `${((Date.now() - since) / 1000).toFixed(1)}s`;
}
function log(msg) {
  process.stdout.write(`${logPrefix} ${msg}\n`);
}
function mib(bytes) {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}
async function step(title, fn) {
  const t = Date.now();
  log(`${title} ...`);
  const out = await fn();
  log(`${title}: done in ${elapsed(t)}`);
  return out;
}

// ---------------------------------------------------------------- paths

function userCacheHome() {
  return process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
}

/** Root of the per-machine cache (wheels, extracted libraries, built addons). */
function cacheRoot() {
  return process.env.NAS_TFJS_CACHE || path.join(userCacheHome(), 'nas', 'tfjs');
}

function tfRootDir(variant) {
  return path.join(cacheRoot(), 'tf', `${variant.dist}-${TF_VERSION}`);
}

/** Directories holding the CUDA libraries of the GPU variant (empty if not provisioned). */
function cudaLibraryDirs(variant = VARIANTS.gpu) {
  const nv = path.join(tfRootDir(variant), 'nvidia');
  if (!fs.existsSync(nv)) return [];
  return fs.readdirSync(nv)
    .map((d) => path.join(nv, d, 'lib'))
    .filter((d) => fs.existsSync(d))
    .sort();
}

/** Environment for a process that loads the GPU package: LD_LIBRARY_PATH
 * gains the CUDA library directories (the libraries' RUNPATH finds them too). */
function gpuRuntimeEnv(base = process.env) {
  const dirs = cudaLibraryDirs();
  const prev = base.LD_LIBRARY_PATH ? base.LD_LIBRARY_PATH.split(path.delimiter) : [];
  const merged = [...dirs, ...prev.filter((p) => p && !dirs.includes(p))];
  return { ...base, LD_LIBRARY_PATH: merged.join(path.delimiter) };
}

function packageDir(variant) {
  try {
    return path.dirname(require.resolve(`${variant.pkg}/package.json`, { paths: [PROJECT_ROOT] }));
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- helpers

function sh(cmd, args, opts = {}) {
  return cp.spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
}

function tail(text, lines = 30) {
  return String(text || '').trim().split('\n').slice(-lines).join('\n');
}

function writeJsonAtomic(file, value) {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n');
  fs.renameSync(tmp, file);
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Renames a finished temporary directory into place; if another process got
 * there first, keeps theirs. */
function publishDir(tmp, dest) {
  try {
    fs.renameSync(tmp, dest);
  } catch (err) {
    if (!['ENOTEMPTY', 'EEXIST'].includes(err.code)) throw err;
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function checkPlatform() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new ProvisionError(
      `native TensorFlow provisioning supports linux-x64 only (this is ${process.platform}-${process.arch})`,
      'Set NAS_SKIP_TFJS_NODE=1 to skip it and train on the wasm backend.');
  }
}

/** manylinux platform tags this machine's glibc can run, newest first. */
function manylinuxPlatforms() {
  const report = process.report && process.report.getReport();
  const glibc = report && report.header && report.header.glibcVersionRuntime;
  if (!glibc) {
    throw new ProvisionError('no glibc detected: the TensorFlow wheels need a glibc (manylinux) system',
      'Set NAS_SKIP_TFJS_NODE=1 to skip native TensorFlow and use the wasm backend.');
  }
  const [major, minor] = glibc.split('.').map(Number);
  if (major !== 2 || minor < 17) throw new ProvisionError(`glibc ${glibc} is too old for the TensorFlow wheels`);
  const tags = [];
  for (let m = minor; m >= 17; m--) tags.push(`manylinux_2_${m}_x86_64`);
  tags.push('manylinux2014_x86_64');
  return tags;
}

// ---------------------------------------------------------------- python / pip

let pythonCache = null;
function findPython() {
  if (pythonCache) return pythonCache;
  const candidates = process.env.NAS_PYTHON ? [process.env.NAS_PYTHON] : ['python3', 'python'];
  const tried = [];
  for (const c of candidates) {
    const r = sh(c, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])']);
    if (r.status === 0) {
      const [maj, min] = r.stdout.trim().split('.').map(Number);
      if (maj === 3 && min >= 8) {
        pythonCache = c;
        return c;
      }
      tried.push(`${c} (Python ${r.stdout.trim()}, need >= 3.8)`);
    } else {
      tried.push(`${c} (${r.error ? r.error.code : `exit ${r.status}`})`);
    }
  }
  throw new ProvisionError(
    `no usable Python 3 found (tried: ${tried.join(', ')}); it is needed to download and unpack the TensorFlow wheel`,
    'Install Python 3.8+ with pip (Debian/Ubuntu: apt-get install python3 python3-pip), or set NAS_PYTHON to one. ' +
    'Set NAS_SKIP_TFJS_NODE=1 to skip native TensorFlow and use the wasm backend.');
}

function checkPip(python) {
  const r = sh(python, ['-m', 'pip', '--version']);
  if (r.status !== 0) {
    throw new ProvisionError(
      `pip is not available for ${python}: ${tail(r.stderr, 3)}`,
      `Install it (Debian/Ubuntu: apt-get install python3-pip; elsewhere: ${python} -m ensurepip --user), ` +
      'or download the wheel yourself and set NAS_TF_WHEEL=/path/to/the.whl. ' +
      'Set NAS_SKIP_TFJS_NODE=1 to skip native TensorFlow and use the wasm backend.');
  }
}

function wheelPy(command, spec) {
  const python = findPython();
  const r = sh(python, [path.join(__dirname, 'wheel.py'), command, JSON.stringify(spec)],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) {
    throw new ProvisionError(`wheel.py ${command} failed for ${spec.wheel} (exit ${r.status})`,
      'If the wheel is corrupt, delete it and run again; see the message above.');
  }
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/** pip download into `dest`; pip's own progress bar goes to the terminal. */
function pipDownload(requirements, dest, { noDeps }) {
  const python = findPython();
  checkPip(python);
  fs.mkdirSync(dest, { recursive: true });
  const args = ['-m', 'pip', 'download', '--disable-pip-version-check', '--only-binary=:all:',
    '--python-version', WHEEL_PYTHON, '--implementation', 'cp',
    '--abi', `cp${WHEEL_PYTHON.replace('.', '')}`, '--abi', 'abi3', '--abi', 'none'];
  for (const p of manylinuxPlatforms()) args.push('--platform', p);
  if (noDeps) args.push('--no-deps');
  args.push('--dest', dest, ...requirements);
  const shown = args.filter((a, i) => a !== '--platform' && args[i - 1] !== '--platform');
  log(`$ ${python} ${shown.join(' ')} (--platform: ${manylinuxPlatforms().slice(-2)[0]} .. ${manylinuxPlatforms()[0]}, manylinux2014)`);
  const r = sh(python, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    throw new ProvisionError(
      `pip download of ${requirements.join(' ')} failed (exit ${r.status})`,
      'Check that PyPI (or your PIP_INDEX_URL mirror) is reachable; or fetch the wheel elsewhere and set NAS_TF_WHEEL=/path/to/the.whl. ' +
      'Set NAS_SKIP_TFJS_NODE=1 to skip native TensorFlow and use the wasm backend.');
  }
}

// ---------------------------------------------------------------- wheel

function wheelPattern(variant) {
  const dist = variant.dist.replace(/-/g, '_');
  const ver = TF_VERSION.replace(/\./g, '\\.');
  return new RegExp(`^${dist}-${ver}-cp3\\d+-cp3\\d+-(?:manylinux[\\w.]*_)?x86_64\\.whl$`);
}

function wheelSearchDirs() {
  const extra = (process.env.NAS_TF_WHEEL_DIRS || '').split(path.delimiter).filter(Boolean);
  // ~/.cache/nas-tf/wheel is where this project's machines keep a pre-fetched copy.
  return [path.join(cacheRoot(), 'wheels'), ...extra, path.join(userCacheHome(), 'nas-tf', 'wheel')];
}

function findLocalWheel(variant) {
  const re = wheelPattern(variant);
  for (const dir of wheelSearchDirs()) {
    let names;
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    const hit = names.filter((n) => re.test(n)).sort().pop();
    if (hit) return path.join(dir, hit);
  }
  return null;
}

async function ensureWheel(variant) {
  const explicit = variant.name === 'cpu' ? process.env.NAS_TF_WHEEL : process.env.NAS_TF_GPU_WHEEL;
  if (explicit) {
    if (!fs.existsSync(explicit)) throw new ProvisionError(`wheel ${explicit} (from the environment) does not exist`);
    return explicit;
  }
  let wheel = findLocalWheel(variant);
  if (wheel) {
    log(`wheel: using ${wheel} (${mib(fs.statSync(wheel).size)})`);
    return wheel;
  }
  const dest = path.join(cacheRoot(), 'wheels');
  await step(`downloading ${variant.dist}==${TF_VERSION} with pip into ${dest}`, () =>
    pipDownload([`${variant.dist}==${TF_VERSION}`], dest, { noDeps: true }));
  wheel = findLocalWheel(variant);
  if (!wheel) throw new ProvisionError(`pip finished but no ${variant.dist} ${TF_VERSION} wheel is in ${dest}`);
  log(`wheel: ${wheel} (${mib(fs.statSync(wheel).size)})`);
  return wheel;
}

// ---------------------------------------------------------------- extraction

/** `#include "..."` targets of the binding's sources: the headers it needs. */
function bindingHeaderSeeds(pkgDir) {
  const dir = path.join(pkgDir, 'binding');
  const seeds = new Set(BASE_HEADER_SEEDS);
  for (const f of fs.readdirSync(dir)) {
    if (!/\.(cc|h)$/.test(f)) continue;
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    for (const m of text.matchAll(/^\s*#\s*include\s*"([^"]+)"/gm)) {
      if (!fs.existsSync(path.join(dir, m[1]))) seeds.add(m[1]);
    }
  }
  return [...seeds].sort();
}

async function ensureLibraries(variant, getWheel) {
  const root = tfRootDir(variant);
  const manifest = path.join(root, 'libs.json');
  const have = readJson(manifest);
  if (have && TF_LIBS.every((l) => fs.existsSync(path.join(root, 'tensorflow', l)))) {
    log(`libraries: cached in ${path.join(root, 'tensorflow')}`);
    return root;
  }
  const wheel = await getWheel();
  fs.mkdirSync(root, { recursive: true });
  const tmp = path.join(root, `.tensorflow.tmp-${process.pid}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  const out = await step(`extracting ${TF_LIBS.join(', ')} from ${path.basename(wheel)}`, () =>
    wheelPy('extract', {
      wheel,
      out: tmp,
      files: TF_LIBS.map((l) => ({ member: `tensorflow/${l}`, dest: l })),
    }));
  const dest = path.join(root, 'tensorflow');
  fs.rmSync(dest, { recursive: true, force: true });
  publishDir(tmp, dest);
  writeJsonAtomic(manifest, { wheel: path.basename(wheel), files: out.files, at: new Date().toISOString() });
  log(`libraries: ${out.files.map((f) => `${f.path} ${mib(f.bytes)}`).join(', ')}`);
  return root;
}

async function ensureHeaders(variant, getWheel, pkgDir) {
  const seeds = bindingHeaderSeeds(pkgDir);
  const hash = crypto.createHash('sha256').update(seeds.join('\n')).digest('hex').slice(0, 10);
  const dir = path.join(tfRootDir(variant), `include-${hash}`);
  if (fs.existsSync(path.join(dir, 'headers.json'))) {
    log(`headers: cached in ${dir}`);
    return dir;
  }
  const wheel = await getWheel();
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const out = await step('extracting the C API headers the binding includes', () =>
    wheelPy('extract', {
      wheel,
      out: tmp,
      headers: {
        root: 'tensorflow/include', seeds, dest: '.',
        required: ['tensorflow/c/c_api.h', 'tensorflow/c/eager/c_api.h'],
      },
    }));
  if (out.seedsNotInWheel.length) log(`headers: not in the wheel (left out): ${out.seedsNotInWheel.join(', ')}`);
  writeJsonAtomic(path.join(tmp, 'headers.json'), { seeds, count: out.headers, bytes: out.headerBytes });
  publishDir(tmp, dir);
  log(`headers: ${out.headers} files (${(out.headerBytes / 1024).toFixed(0)} KiB) in ${dir}`);
  return dir;
}

async function ensureCuda(variant, getWheel) {
  const root = tfRootDir(variant);
  const nvDir = path.join(root, 'nvidia');
  const manifest = path.join(root, 'cuda.json');
  if (readJson(manifest) && fs.existsSync(nvDir)) {
    log(`CUDA libraries: cached in ${nvDir}`);
    return nvDir;
  }
  const wheel = await getWheel();
  const meta = wheelPy('metadata', { wheel, extra: 'and-cuda' });
  if (!meta.extraRequires.length) throw new ProvisionError(`${path.basename(wheel)} declares no and-cuda requirements`);
  log(`CUDA wheels required by ${meta.name} ${meta.version} [and-cuda]: ${meta.extraRequires.join(', ')}`);
  const dlDir = path.join(cacheRoot(), 'wheels', `cuda-for-${variant.dist}-${TF_VERSION}`);
  const done = path.join(dlDir, '.complete');
  if (!fs.existsSync(done)) {
    // With dependencies: the nvidia wheels depend on each other (cudnn on
    // cublas, cusolver on cusparse/nvjitlink, ...) and pip picks a consistent set.
    await step(`downloading ${meta.extraRequires.length} nvidia-*-cu12 wheels (about 3 GB) into ${dlDir}`, () =>
      pipDownload(meta.extraRequires, dlDir, { noDeps: false }));
    fs.writeFileSync(done, meta.extraRequires.join('\n') + '\n');
  }
  const wheels = fs.readdirSync(dlDir).filter((n) => n.endsWith('.whl')).sort();
  const tmp = path.join(root, `.nvidia.tmp-${process.pid}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  let bytes = 0;
  await step(`extracting CUDA libraries from ${wheels.length} wheels`, async () => {
    for (const w of wheels) {
      const out = wheelPy('extract', { wheel: path.join(dlDir, w), out: tmp, globs: CUDA_GLOBS, stripPrefix: 'nvidia/' });
      const b = out.files.reduce((s, f) => s + f.bytes, 0);
      bytes += b;
      log(`  ${w}: ${out.files.length} files, ${mib(b)}`);
    }
  });
  fs.rmSync(nvDir, { recursive: true, force: true });
  publishDir(tmp, nvDir);
  writeJsonAtomic(manifest, { wheels, bytes, at: new Date().toISOString() });
  log(`CUDA libraries: ${mib(bytes)} in ${nvDir}`);
  return nvDir;
}

// ---------------------------------------------------------------- layout

/** Lays out <pkg>/deps as the package's binding.gyp and scripts expect. */
function layoutDeps(pkgDir, tfRoot, includeDir) {
  const deps = path.join(pkgDir, 'deps');
  const lib = path.join(deps, 'lib');
  fs.rmSync(deps, { recursive: true, force: true });
  fs.mkdirSync(lib, { recursive: true });
  const [cc, fw] = TF_LIBS;
  for (const l of TF_LIBS) fs.symlinkSync(path.join(tfRoot, 'tensorflow', l), path.join(lib, l));
  // The names tfjs-node links (-ltensorflow -ltensorflow_framework) and the
  // versioned names its scripts look for (scripts/deps-constants.js).
  const names = new Set(['libtensorflow.so', 'libtensorflow.so.2']);
  const fwNames = new Set(['libtensorflow_framework.so']);
  try {
    const c = require(path.join(pkgDir, 'scripts', 'deps-constants.js'));
    if (c.depsLibTensorFlowName) names.add(c.depsLibTensorFlowName);
    if (c.depsLibTensorFlowFrameworkName) fwNames.add(c.depsLibTensorFlowFrameworkName);
  } catch {
    // Older/newer layouts: the fixed names above are what binding.gyp needs.
  }
  for (const n of names) fs.symlinkSync(cc, path.join(lib, n));
  for (const n of fwNames) fs.symlinkSync(fw, path.join(lib, n));
  fs.symlinkSync(includeDir, path.join(deps, 'include'));
}

/** Where the package's index.js looks for the binding (node-pre-gyp's rules). */
function bindingTarget(pkgDir) {
  const pjson = path.join(pkgDir, 'package.json');
  const preGyp = require(require.resolve('@mapbox/node-pre-gyp', { paths: [pkgDir] }));
  const file = preGyp.find(pjson);
  let napi = null;
  try {
    const napiUtil = require(require.resolve('@mapbox/node-pre-gyp/lib/util/napi', { paths: [pkgDir] }));
    napi = napiUtil.get_best_napi_build_version(readJson(pjson), {});
  } catch {
    const m = /napi-v(\d+)/.exec(file);
    napi = m ? Number(m[1]) : null;
  }
  if (!napi) throw new ProvisionError(`cannot tell which N-API version ${pjson} wants for Node ${process.version}`);
  return { file, dir: path.dirname(file), napi, moduleName: path.basename(file, '.node') };
}

// ---------------------------------------------------------------- build

function findNodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    (() => {
      try {
        return require.resolve('node-gyp/bin/node-gyp.js', { paths: [PROJECT_ROOT] });
      } catch {
        return null;
      }
    })(),
    process.env.npm_execpath && path.join(path.dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ].filter(Boolean);
  const hit = candidates.find((c) => fs.existsSync(c));
  if (!hit) {
    throw new ProvisionError(`node-gyp not found (looked at: ${candidates.join(', ')})`,
      'It ships with npm; install npm alongside node, or `npm install -g node-gyp` and set npm_config_node_gyp to its bin/node-gyp.js.');
  }
  return hit;
}

function hasNodeHeaders(dir) {
  return fs.existsSync(path.join(dir, 'include', 'node', 'node_api.h')) &&
    fs.existsSync(path.join(dir, 'include', 'node', 'common.gypi'));
}

/** A directory whose include/node holds this Node's headers (node-gyp --nodedir). */
function findNodeDir() {
  const fromEnv = process.env.npm_config_nodedir || process.env.NAS_NODEDIR;
  if (fromEnv) {
    if (!hasNodeHeaders(fromEnv)) throw new ProvisionError(`nodedir ${fromEnv} (from the environment) has no include/node/node_api.h and common.gypi`);
    return fromEnv;
  }
  const candidates = [
    path.resolve(path.dirname(process.execPath), '..'),
    path.join(userCacheHome(), 'node-gyp', process.version.slice(1)),
    path.join(os.homedir(), '.node-gyp', process.version.slice(1)),
  ];
  const hit = candidates.find(hasNodeHeaders);
  if (!hit) {
    throw new ProvisionError(
      `Node ${process.version} headers not found (looked for include/node/node_api.h under ${candidates.join(', ')})`,
      'Install the headers of this Node (they come with the official nodejs.org tarballs; on Debian with the nodejs/libnode-dev packages), ' +
      'or unpack node-' + process.version + '-headers.tar.gz somewhere and set npm_config_nodedir to it.');
  }
  const vh = path.join(hit, 'include', 'node', 'node_version.h');
  const text = fs.existsSync(vh) ? fs.readFileSync(vh, 'utf8') : '';
  const v = ['MAJOR', 'MINOR', 'PATCH'].map((k) => (new RegExp(`#define NODE_${k}_VERSION (\\d+)`).exec(text) || [])[1]).join('.');
  if (v !== process.version.slice(1)) log(`note: headers in ${hit} are Node ${v}, running ${process.version} (fine for N-API)`);
  return hit;
}

function checkCompiler() {
  const cxx = process.env.CXX || 'c++';
  const r = sh(cxx, ['--version']);
  const mk = sh('make', ['--version']);
  if (r.status !== 0 || mk.status !== 0) {
    throw new ProvisionError(`a C++ compiler (${cxx}) and make are needed to build the tfjs-node binding`,
      'Debian/Ubuntu: apt-get install build-essential. Set NAS_SKIP_TFJS_NODE=1 to skip native TensorFlow and use the wasm backend.');
  }
  return r.stdout.split('\n')[0];
}

function addonKey(variant, pkgDir, napi) {
  const version = readJson(path.join(pkgDir, 'package.json')).version;
  const name = variant.pkg.replace(/^@tensorflow\//, '');
  return `${name}-${version}_${variant.dist}-${TF_VERSION}_napi-v${napi}_abi${process.versions.modules}_${process.platform}-${process.arch}`;
}

async function ensureAddon(variant, pkgDir, target, { rebuild }) {
  const key = addonKey(variant, pkgDir, target.napi);
  const dir = path.join(cacheRoot(), 'addons', key);
  const cached = path.join(dir, `${target.moduleName}.node`);
  if (!rebuild && fs.existsSync(cached)) {
    log(`binding: cached build ${cached}`);
    return cached;
  }
  const nodeGyp = findNodeGyp();
  const nodedir = findNodeDir();
  const compiler = checkCompiler();
  const python = findPython();
  const jobs = String(Math.max(1, os.cpus().length));
  const args = [nodeGyp, 'rebuild', `--nodedir=${nodedir}`, `--python=${python}`, `--jobs=${jobs}`,
    `--module_name=${target.moduleName}`, `--module_path=${target.dir}`, `--napi_build_version=${target.napi}`];
  fs.mkdirSync(path.join(cacheRoot(), 'addons'), { recursive: true });
  const logFile = path.join(cacheRoot(), 'addons', `${key}.build.log`);
  await step(`building the N-API binding (napi v${target.napi}) with node-gyp, nodedir=${nodedir}, ${compiler}`, () =>
    new Promise((resolve, reject) => {
      const out = fs.createWriteStream(logFile);
      const child = cp.spawn(process.execPath, args, {
        cwd: pkgDir,
        env: { ...process.env, npm_config_nodedir: nodedir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let buffered = '';
      const onData = (chunk) => {
        out.write(chunk);
        buffered += chunk;
        let i;
        while ((i = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, i);
          buffered = buffered.slice(i + 1);
          const m = /^\s*(CXX|SOLINK_MODULE|COPY)\(target\) (.*)$/.exec(line);
          if (m) log(`  ${m[1].toLowerCase()} ${path.basename(m[2])} (+${elapsed()})`);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('error', reject);
      child.on('close', (code) => {
        out.end();
        if (code === 0) return resolve();
        const text = fs.readFileSync(logFile, 'utf8');
        reject(new ProvisionError(`node-gyp failed (exit ${code}); last lines of ${logFile}:\n${tail(text, 40)}`,
          'The full log is in the file above. Try again with --force to re-extract the TensorFlow files.'));
      });
    }));
  const built = path.join(pkgDir, 'build', 'Release', `${target.moduleName}.node`);
  if (!fs.existsSync(built)) throw new ProvisionError(`node-gyp succeeded but ${built} is missing`);
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  fs.copyFileSync(built, path.join(tmp, path.basename(cached)));
  writeJsonAtomic(path.join(tmp, 'build.json'), {
    key, node: process.version, napi: target.napi, nodedir, compiler, at: new Date().toISOString(),
  });
  fs.rmSync(dir, { recursive: true, force: true });
  publishDir(tmp, dir);
  fs.renameSync(logFile, path.join(dir, 'build.log'));
  // The intermediate objects are not needed once the binding is cached.
  fs.rmSync(path.join(pkgDir, 'build'), { recursive: true, force: true });
  log(`binding: built ${mib(fs.statSync(cached).size)}, cached as ${cached}`);
  return cached;
}

// ---------------------------------------------------------------- graph_step addon

const GRAPH_STEP_SOURCE = path.join(PROJECT_ROOT, 'trainer', 'graph', 'addon', 'graph_step.c');

/** Where the trainer looks for the graph_step addon (trainer/graph/addon.ts). */
function graphStepTarget(pkgDir) {
  return path.join(pkgDir, 'deps', 'graph-step', 'graph_step.node');
}

/**
 * Builds trainer/graph/addon/graph_step.c (a small N-API binding of TensorFlow's graph C API,
 * for whole-step training graphs) with the C compiler against this machine's Node headers and
 * the wheel's C API headers, cached per (source, TF version, variant, node ABI), and installs
 * it next to the binding's libraries (rpath $ORIGIN/../lib). Optional: a failure is logged and
 * the trainer then trains on the eager path, saying why.
 */
function ensureGraphStepAddon(variant, pkgDir, includeDir) {
  const target = graphStepTarget(pkgDir);
  try {
    if (!fs.existsSync(GRAPH_STEP_SOURCE)) {
      log(`graph_step: ${GRAPH_STEP_SOURCE} is missing; skipped (the trainer uses its eager path)`);
      return null;
    }
    const source = fs.readFileSync(GRAPH_STEP_SOURCE);
    const hash = crypto.createHash('sha256').update(source).digest('hex').slice(0, 12);
    const key = `graph-step-${hash}_${variant.dist}-${TF_VERSION}_abi${process.versions.modules}_${process.platform}-${process.arch}`;
    const dir = path.join(cacheRoot(), 'addons', key);
    const cached = path.join(dir, 'graph_step.node');
    if (!fs.existsSync(cached)) {
      const nodedir = findNodeDir();
      const cc = process.env.CC || 'cc';
      const lib = path.join(pkgDir, 'deps', 'lib');
      const tmp = `${dir}.tmp-${process.pid}`;
      fs.rmSync(tmp, { recursive: true, force: true });
      fs.mkdirSync(tmp, { recursive: true });
      const args = ['-O2', '-shared', '-fPIC', '-Wall', '-DNODE_GYP_MODULE_NAME=graph_step', '-DNAPI_VERSION=8',
        `-I${path.join(nodedir, 'include', 'node')}`, `-I${includeDir}`, GRAPH_STEP_SOURCE,
        '-o', path.join(tmp, 'graph_step.node'), `-L${lib}`, '-l:libtensorflow_cc.so.2', '-l:libtensorflow_framework.so.2',
        "-Wl,-rpath,$ORIGIN/../lib"];
      const t = Date.now();
      const r = sh(cc, args);
      if (r.status !== 0) {
        fs.rmSync(tmp, { recursive: true, force: true });
        throw new Error(`${cc} failed (${r.error ? r.error.code : `exit ${r.status}`}):\n${tail(r.stderr, 20)}`);
      }
      writeJsonAtomic(path.join(tmp, 'build.json'), { key, cc, node: process.version, at: new Date().toISOString() });
      publishDir(tmp, dir);
      log(`graph_step: built in ${elapsed(t)}, cached as ${cached}`);
    } else {
      log(`graph_step: cached build ${cached}`);
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const tmpFile = `${target}.tmp-${process.pid}`;
    fs.copyFileSync(cached, tmpFile);
    fs.renameSync(tmpFile, target);
    log(`graph_step: installed at ${target}`);
    return target;
  } catch (err) {
    log(`WARNING: the graph_step addon was not built (${err.message}); training uses the eager path. ` +
      'Install a C compiler (Debian: build-essential) and run `npm run postinstall` to build it.');
    return null;
  }
}

function installAddon(cached, target) {
  fs.mkdirSync(target.dir, { recursive: true });
  const tmp = `${target.file}.tmp-${process.pid}`;
  // A copy, not a symlink: the binding finds libtensorflow through
  // $ORIGIN/../../deps/lib, and $ORIGIN is where the file really lives.
  fs.copyFileSync(cached, tmp);
  fs.renameSync(tmp, target.file);
}

/** ldd of the binding: every library must resolve, libtensorflow* through deps/lib. */
function checkLinkage(target, env) {
  const r = sh('ldd', [target.file], { env });
  if (r.error) return null; // no ldd (not glibc?): the load test below still tells
  const lines = r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  const missing = lines.filter((l) => /not found/.test(l));
  if (missing.length) {
    throw new ProvisionError(`the binding's libraries do not all resolve:\n  ${missing.join('\n  ')}`,
      'Run again with --force; if it persists, the wheel layout changed (see infra/tfjs/README.md).');
  }
  return lines.filter((l) => /libtensorflow/.test(l));
}

// ---------------------------------------------------------------- verify

function verify(variant) {
  const env = variant.cuda ? gpuRuntimeEnv() : process.env;
  const r = sh(process.execPath, [path.join(__dirname, 'check.js'), '--package', variant.pkg], { cwd: PROJECT_ROOT, env });
  const line = (r.stdout || '').split('\n').find((l) => l.startsWith(RESULT_TAG));
  const result = line ? JSON.parse(line.slice(RESULT_TAG.length)) : null;
  return { result, status: r.status, signal: r.signal, stderr: r.stderr };
}

// ---------------------------------------------------------------- main

async function provision(variant, opts) {
  logPrefix = `[${variant.pkg.replace('@tensorflow/', '')}]`;
  const t = Date.now();
  checkPlatform();
  const pkgDir = packageDir(variant);
  if (!pkgDir) {
    log(`${variant.pkg} is not installed; nothing to do`);
    return null;
  }
  log(`provisioning native TensorFlow ${TF_VERSION} (${variant.dist} wheel) for ${pkgDir}; cache ${cacheRoot()}`);
  if (opts.force) {
    fs.rmSync(tfRootDir(variant), { recursive: true, force: true });
  }
  // The wheel is only looked for (or downloaded) when something must be extracted from it.
  let wheel = null;
  const getWheel = async () => (wheel = wheel || (await ensureWheel(variant)));
  const tfRoot = await ensureLibraries(variant, getWheel);
  const includeDir = await ensureHeaders(variant, getWheel, pkgDir);
  if (variant.cuda) await ensureCuda(variant, getWheel);
  layoutDeps(pkgDir, tfRoot, includeDir);
  log(`deps: ${path.join(pkgDir, 'deps')} -> ${tfRoot}`);
  const target = bindingTarget(pkgDir);
  const cached = await ensureAddon(variant, pkgDir, target, { rebuild: opts.force || opts.rebuild });
  installAddon(cached, target);
  log(`binding: installed at ${target.file}`);
  const env = variant.cuda ? gpuRuntimeEnv() : process.env;
  const linkage = checkLinkage(target, env);
  if (linkage) for (const l of linkage) log(`  ldd: ${l}`);
  ensureGraphStepAddon(variant, pkgDir, includeDir);
  if (opts.verify) {
    const { result, status, signal, stderr } = await step('verifying in a child process', () => verify(variant));
    if (!result || !result.ok) {
      const why = result ? `${result.stage}: ${result.error}` : `child exited ${signal || status}`;
      if (variant.cuda && result && result.stage !== 'load') {
        log(`WARNING: ${why}`);
      } else {
        throw new ProvisionError(`${variant.pkg} does not work after provisioning (${why})\n${tail(stderr, 20)}`,
          'Run `node infra/tfjs/check.js --package ' + variant.pkg + '` to see the full error; `--force` rebuilds everything.');
      }
    } else {
      log(`verified: backend '${result.backend}', TensorFlow ${result.tensorflowVersion}, tfjs ${result.tfjsVersion}, ` +
        `matMul ok (256x256 in ${result.matMul256Ms} ms)` + (variant.cuda ? `, GPU device visible: ${result.gpuDevice}` : ''));
    }
    if (variant.cuda && result && !result.gpuDevice) {
      log('note: no GPU device is visible (no NVIDIA driver/GPU here?); tfjs-node-gpu runs on the CPU. `npm run check:gpu` explains.');
    }
  }
  log(`ready in ${elapsed(t)}`);
  return { pkgDir, target };
}

function parseArgs(argv) {
  const opts = { gpu: false, postinstall: false, force: false, rebuild: false, verify: true };
  for (const a of argv) {
    if (a === '--gpu') opts.gpu = true;
    else if (a === '--postinstall') opts.postinstall = true;
    else if (a === '--force') opts.force = true;
    else if (a === '--rebuild') opts.rebuild = true;
    else if (a === '--no-verify') opts.verify = false;
    else if (a === '--help' || a === '-h') opts.help = true;
    else throw new ProvisionError(`unknown argument ${a}`, 'Usage: node infra/tfjs/provision.js [--gpu] [--postinstall] [--force] [--rebuild] [--no-verify]');
  }
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    process.stdout.write(fs.readFileSync(__filename, 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n') + '\n');
    return;
  }
  const variants = [];
  if (opts.postinstall) {
    if (process.env.NAS_SKIP_TFJS_NODE === '1') {
      log('skipped (NAS_SKIP_TFJS_NODE=1): the tensorflow backend will not load; the wasm and cpu backends still work. ' +
        'Run `npm run postinstall` later to provision it.');
      return;
    }
    variants.push(VARIANTS.cpu);
    if (process.env.NAS_TFJS_GPU === '1') variants.push(VARIANTS.gpu);
  } else {
    variants.push(opts.gpu ? VARIANTS.gpu : VARIANTS.cpu);
  }
  for (const v of variants) await provision(v, opts);
}

if (require.main === module) {
  main().catch((err) => {
    const hint = err instanceof ProvisionError && err.hint ? `\n${logPrefix} hint: ${err.hint}` : '';
    const what = err instanceof ProvisionError ? err.message : (err && err.stack) || String(err);
    process.stderr.write(`${logPrefix} ERROR after ${elapsed()}: ${what}${hint}\n`);
    process.exit(1);
  });
}

module.exports = {
  TF_VERSION, VARIANTS, cacheRoot, tfRootDir, cudaLibraryDirs, gpuRuntimeEnv, provision, verify,
  findLocalWheel, findPython, ProvisionError, graphStepTarget, ensureGraphStepAddon,
};
