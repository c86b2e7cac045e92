// Dataset decoding and the deterministic split. No tfjs involved: everything here is typed
// arrays, so these tests are fast and backend-independent.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import test from 'ava';
import { loadDataset } from '../../trainer/datasets';
import { decodeCifar10 } from '../../trainer/datasets/cifar10';
import { decodeIdx } from '../../trainer/datasets/idx';
import { decodeMnist } from '../../trainer/datasets/mnist';
import { splitSource } from '../../trainer/datasets/split';
import { generateSynthetic } from '../../trainer/datasets/synthetic';
import { InvalidTrainRequestError } from '../../trainer/errors';
import { seededPermutation } from '../../trainer/permutation';
import { removeDir, tempArtifactRoot } from './helpers';

const sameArray = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.prototype.every.call(a, (v: number, i: number) => v === b[i]);

test('seededPermutation is a permutation, fixed by its seed', (t) => {
  const p = seededPermutation(1000, 7);
  t.deepEqual([...p].sort((a, b) => a - b), [...Array(1000).keys()]);
  t.true(sameArray(p, seededPermutation(1000, 7)));
  t.false(sameArray(p, seededPermutation(1000, 8)));
});

test('synthetic: sizes, shape, range, all classes, and the same data for the same splitSeed', (t) => {
  const a = generateSynthetic(200, 50, 3);
  t.deepEqual(a.shape, [12, 12, 1]);
  t.is(a.numClasses, 4);
  t.is(a.train.count, 200);
  t.is(a.validation.count, 50);
  t.is(a.train.images.length, 200 * 144);
  t.true(a.train.images.every((v) => v >= 0 && v <= 1));
  t.deepEqual([...new Set(a.train.labels)].sort(), [0, 1, 2, 3]);
  const b = generateSynthetic(200, 50, 3);
  t.true(sameArray(a.train.images, b.train.images) && sameArray(a.validation.labels, b.validation.labels));
  const c = generateSynthetic(200, 50, 4);
  t.false(sameArray(a.train.images, c.train.images));
  // Growing the validation set leaves the training samples as they were.
  t.true(sameArray(generateSynthetic(200, 80, 3).train.images, a.train.images));
});

test('mnist: all 10,000 digits of the package in a fixed class-major order', (t) => {
  const source = decodeMnist();
  t.is(source.count, 10_000);
  t.is(source.pixels.length, 10_000 * 784);
  t.is(source.numClasses, 10);
  t.is(source.labels[0], 0);
  t.is(source.labels[9_999], 9);
  for (let i = 1; i < source.count; i++) if (source.labels[i] < source.labels[i - 1]) t.fail('labels not class-major');
  t.true(source.pixels.every((v) => v >= 0 && v <= 1));
});

test('mnist split: requested sizes, deterministic from splitSeed, consecutive slices of the seeded permutation (so disjoint)', (t) => {
  const source = decodeMnist();
  const a = splitSource(source, 300, 100, 11);
  t.is(a.train.count, 300);
  t.is(a.validation.count, 100);
  t.deepEqual(a.shape, [28, 28, 1]);
  const order = seededPermutation(10_000, 11);
  // Sample 5 of the training set is source sample order[5]; validation 0 is order[300].
  t.true(sameArray(a.train.images.subarray(5 * 784, 6 * 784), source.pixels.subarray(order[5] * 784, order[5] * 784 + 784)));
  t.is(a.validation.labels[0], source.labels[order[300]]);
  const b = splitSource(source, 300, 100, 11);
  t.true(sameArray(a.train.images, b.train.images) && sameArray(a.validation.images, b.validation.images));
  t.false(sameArray(splitSource(source, 300, 100, 12).train.labels, a.train.labels));
  // Through the cached entry point, with the default splitSeed 0 when none is given.
  const viaLoad = loadDataset({ name: 'mnist', trainSize: 300, validationSize: 100 });
  t.true(sameArray(viaLoad.train.labels, splitSource(source, 300, 100, 0).train.labels));
  t.is(loadDataset({ name: 'mnist', trainSize: 300, validationSize: 100 }), viaLoad, 'second load is served from the cache');
});

test('mnist: sizes beyond the 10,000 samples name both fields', (t) => {
  const err = t.throws(() => loadDataset({ name: 'mnist', trainSize: 9_000, validationSize: 1_001, splitSeed: 1 }), {
    instanceOf: InvalidTrainRequestError,
  });
  t.regex(err!.message, /dataset\.trainSize \(9000\) \+ dataset\.validationSize \(1001\) = 10001 exceeds the 10000 samples/);
  t.throws(() => loadDataset({ name: 'synthetic', trainSize: 0, validationSize: 5 }), { message: /dataset\.trainSize must be a positive integer/ });
});

function idxFile(dims: number[], body: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = 0x08;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(body)]);
}

test('idx: parses (gzipped) IDX files, scales to [0,1], and reports a missing folder or file by dataset.path', (t) => {
  const dir = tempArtifactRoot('idx');
  try {
    // Three 2x2 images: 0..3, 4..7, 8..11 (x 20 to spread the range), labels 2, 0, 1.
    const pixels = Uint8Array.from({ length: 12 }, (_, i) => i * 20);
    fs.writeFileSync(path.join(dir, 'train-images-idx3-ubyte.gz'), zlib.gzipSync(idxFile([3, 2, 2], pixels)));
    fs.writeFileSync(path.join(dir, 'train-labels-idx1-ubyte'), idxFile([3], Uint8Array.from([2, 0, 1])));
    const source = decodeIdx(dir);
    t.is(source.count, 3);
    t.deepEqual([source.height, source.width, source.channels, source.numClasses], [2, 2, 1, 3]);
    const split = splitSource(source, 2, 1, 5);
    const order = seededPermutation(3, 5);
    t.deepEqual([...split.train.images.subarray(0, 4)], [0, 1, 2, 3].map((k) => Math.fround((order[0] * 4 + k) * 20 / 255)));
    t.deepEqual([...split.train.labels, ...split.validation.labels], [...order].map((i) => [2, 0, 1][i]));

    fs.rmSync(path.join(dir, 'train-labels-idx1-ubyte'));
    t.throws(() => decodeIdx(dir), { instanceOf: InvalidTrainRequestError, message: /dataset\.path '.*' for dataset 'idx' has none of: train-labels-idx1-ubyte\[\.gz\]/ });
    t.throws(() => decodeIdx(path.join(dir, 'nope')), { message: /dataset\.path '.*nope' for dataset 'idx' does not exist/ });
    t.throws(() => decodeIdx(undefined), { message: /dataset\.path is required for dataset 'idx'/ });
  } finally {
    removeDir(dir);
  }
});

test('cifar10: reads data_batch_*.bin records and transposes planar RGB to NHWC', (t) => {
  const dir = tempArtifactRoot('cifar');
  try {
    const record = (label: number, base: number) => {
      const r = new Uint8Array(1 + 3072);
      r[0] = label;
      // Pixel p of channel c holds (base + c) so channels are told apart after transposition.
      for (let c = 0; c < 3; c++) r.fill(base + c, 1 + c * 1024, 1 + (c + 1) * 1024);
      return r;
    };
    fs.mkdirSync(path.join(dir, 'cifar-10-batches-bin'));
    fs.writeFileSync(path.join(dir, 'cifar-10-batches-bin', 'data_batch_1.bin'), Buffer.concat([record(3, 10), record(7, 50)]));
    fs.writeFileSync(path.join(dir, 'cifar-10-batches-bin', 'data_batch_2.bin'), record(9, 100));
    const source = decodeCifar10(dir);
    t.is(source.count, 3);
    t.deepEqual([...source.labels], [3, 7, 9]);
    t.deepEqual([source.height, source.width, source.channels], [32, 32, 3]);
    // Sample 1, pixel 17: R, G, B consecutive.
    const at = (1 * 1024 + 17) * 3;
    t.deepEqual([...source.pixels.subarray(at, at + 3)], [50, 51, 52]);
    fs.mkdirSync(path.join(dir, 'empty'));
    t.throws(() => decodeCifar10(path.join(dir, 'empty')), { message: /dataset\.path '.*' for dataset 'cifar10' has no data_batch_\*\.bin files/ });
  } finally {
    removeDir(dir);
  }
});
