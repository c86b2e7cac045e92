// A generated dataset for fast tests and smoke runs: 12x12 grey images of one stroke through
// the centre, whose orientation is the class (0 horizontal, 1 vertical, 2 diagonal,
// 3 anti-diagonal). Each sample shifts the stroke by -2..+2 pixels, varies its brightness and
// adds strong uniform noise, so a small conv or dense net must learn the orientation rather than
// memorise pixels; a 512-sample set reaches ~85-95% validation accuracy within 3 epochs.
import { Rng } from '../../domain/rng';
import { checkSplitSizes } from './split';
import type { DatasetSplit, SplitPart } from './types';

export const SYNTHETIC_SIDE = 12;
export const SYNTHETIC_CLASSES = 4;
import { SYNTHETIC_MAX_SAMPLES } from '../../domain/config/validate';

/** Generation is linear in size; this only guards against a typo asking for gigabytes (config validation refuses it first). */
const MAX_SAMPLES = SYNTHETIC_MAX_SAMPLES;
const NOISE = 0.6;

function drawSample(rng: Rng, images: Float32Array, offset: number): number {
  const side = SYNTHETIC_SIDE;
  const label = rng.int(SYNTHETIC_CLASSES);
  const shift = rng.int(5) - 2;
  const brightness = 0.4 + 0.6 * rng.next();
  for (let k = 0; k < side * side; k++) images[offset + k] = NOISE * rng.next();
  for (let i = 0; i < side; i++) {
    let row: number;
    let col: number;
    if (label === 0) [row, col] = [side / 2 + shift, i];
    else if (label === 1) [row, col] = [i, side / 2 + shift];
    else if (label === 2) [row, col] = [i, i + shift];
    else [row, col] = [i, side - 1 - i + shift];
    if (col < 0 || col >= side) continue;
    const k = offset + row * side + col;
    images[k] = Math.min(1, images[k] + brightness);
  }
  return label;
}

function generate(rng: Rng, count: number): SplitPart {
  const images = new Float32Array(count * SYNTHETIC_SIDE * SYNTHETIC_SIDE);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) labels[i] = drawSample(rng, images, i * SYNTHETIC_SIDE * SYNTHETIC_SIDE);
  return { count, images, labels };
}

/** Training samples first, then validation samples, all from one stream seeded by splitSeed. */
export function generateSynthetic(trainSize: number, validationSize: number, splitSeed: number): DatasetSplit {
  checkSplitSizes(trainSize, validationSize, MAX_SAMPLES, "the 'synthetic' generator (its size cap)");
  const rng = new Rng(splitSeed);
  const train = generate(rng, trainSize);
  const validation = generate(rng, validationSize);
  return { shape: [SYNTHETIC_SIDE, SYNTHETIC_SIDE, 1], numClasses: SYNTHETIC_CLASSES, train, validation };
}
