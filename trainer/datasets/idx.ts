// IDX files (the MNIST distribution format, also used by Fashion-MNIST and KMNIST):
// big-endian header {0, 0, type, dims} then dims x uint32 sizes, then the data. We accept
// unsigned-byte data only (type 0x08), which is what every image set in this format uses.
import { InvalidTrainRequestError } from '../errors';
import { datasetDir, readFirstExisting } from './files';
import type { SourceDataset } from './types';

const UBYTE = 0x08;

function parseIdx(data: Buffer, file: string, expectedDims: number): { sizes: number[]; body: Uint8Array } {
  const bad = (why: string) => new InvalidTrainRequestError(`dataset.path: ${file} is not a valid IDX file: ${why}`);
  if (data.length < 4 || data[0] !== 0 || data[1] !== 0) throw bad('bad magic number');
  if (data[2] !== UBYTE) throw bad(`element type 0x${data[2].toString(16)} is not unsigned byte`);
  if (data[3] !== expectedDims) throw bad(`has ${data[3]} dimensions, expected ${expectedDims}`);
  const headerLength = 4 + 4 * expectedDims;
  if (data.length < headerLength) throw bad('truncated header');
  const sizes: number[] = [];
  for (let d = 0; d < expectedDims; d++) sizes.push(data.readUInt32BE(4 + 4 * d));
  const expected = sizes.reduce((a, b) => a * b, 1);
  if (data.length - headerLength !== expected) {
    throw bad(`body holds ${data.length - headerLength} bytes, header promises ${expected}`);
  }
  // A view, not a copy: the Buffer stays referenced by the cache entry instead.
  return { sizes, body: new Uint8Array(data.buffer, data.byteOffset + headerLength, expected) };
}

/** The training images and labels of an IDX folder (the test files, if any, are not used). */
export function decodeIdx(datasetPath: string | undefined): SourceDataset {
  const dir = datasetDir(datasetPath, 'idx');
  const images = readFirstExisting(dir, ['train-images-idx3-ubyte', 'train-images.idx3-ubyte'], 'idx');
  const labels = readFirstExisting(dir, ['train-labels-idx1-ubyte', 'train-labels.idx1-ubyte'], 'idx');
  const img = parseIdx(images.data, images.file, 3);
  const lab = parseIdx(labels.data, labels.file, 1);
  const [count, height, width] = img.sizes;
  if (lab.sizes[0] !== count) {
    throw new InvalidTrainRequestError(`dataset.path: ${labels.file} has ${lab.sizes[0]} labels but ${images.file} has ${count} images`);
  }
  let maxLabel = 0;
  for (const label of lab.body) maxLabel = Math.max(maxLabel, label);
  return {
    description: `idx at ${dir}`,
    count,
    height,
    width,
    channels: 1,
    numClasses: Math.max(2, maxLabel + 1),
    pixels: img.body,
    pixelScale: 1 / 255,
    labels: lab.body,
  };
}
