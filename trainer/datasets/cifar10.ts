// CIFAR-10 "binary version": data_batch_1..5.bin, each 10,000 records of 1 label byte then
// 3072 pixel bytes stored channel-planar (1024 red, 1024 green, 1024 blue, rows of 32).
// We transpose to NHWC on decode because tfjs convolutions take channels last.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InvalidTrainRequestError } from '../errors';
import { datasetDir } from './files';
import type { SourceDataset } from './types';

const SIDE = 32;
const PLANE = SIDE * SIDE;
const RECORD = 1 + 3 * PLANE;

/** The folder holding the batches: dataset.path itself or the archive's cifar-10-batches-bin inside it. */
function batchFiles(dir: string): string[] {
  for (const candidate of [dir, path.join(dir, 'cifar-10-batches-bin')]) {
    if (!fs.existsSync(candidate)) continue;
    const files = fs
      .readdirSync(candidate)
      .filter((name) => /^data_batch_\d+\.bin$/.test(name))
      .sort((a, b) => Number(a.match(/\d+/)?.[0]) - Number(b.match(/\d+/)?.[0]))
      .map((name) => path.join(candidate, name));
    if (files.length > 0) return files;
  }
  throw new InvalidTrainRequestError(
    `dataset.path '${dir}' for dataset 'cifar10' has no data_batch_*.bin files (nor a cifar-10-batches-bin folder with them)`,
  );
}

/** All training batches in file order (data_batch_1 first); test_batch.bin is not used. */
export function decodeCifar10(datasetPath: string | undefined): SourceDataset {
  const files = batchFiles(datasetDir(datasetPath, 'cifar10'));
  const buffers = files.map((file) => {
    const data = fs.readFileSync(file);
    if (data.length % RECORD !== 0) {
      throw new InvalidTrainRequestError(`dataset.path: ${file} is ${data.length} bytes, not a whole number of ${RECORD}-byte records`);
    }
    return data;
  });
  const count = buffers.reduce((n, b) => n + b.length / RECORD, 0);
  const pixels = new Uint8Array(count * PLANE * 3);
  const labels = new Uint8Array(count);
  let sample = 0;
  for (const data of buffers) {
    for (let r = 0; r < data.length / RECORD; r++, sample++) {
      const base = r * RECORD;
      labels[sample] = data[base];
      if (labels[sample] > 9) {
        throw new InvalidTrainRequestError(`dataset.path: ${files.join(', ')} holds label ${labels[sample]}; CIFAR-10 labels are 0-9`);
      }
      const out = sample * PLANE * 3;
      for (let p = 0; p < PLANE; p++) {
        pixels[out + 3 * p] = data[base + 1 + p];
        pixels[out + 3 * p + 1] = data[base + 1 + PLANE + p];
        pixels[out + 3 * p + 2] = data[base + 1 + 2 * PLANE + p];
      }
    }
  }
  return { description: `cifar10 at ${files.length} batch file(s) in ${path.dirname(files[0])}`, count, height: SIDE, width: SIDE, channels: 3, numClasses: 10, pixels, pixelScale: 1 / 255, labels };
}
