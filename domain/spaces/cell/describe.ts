// Readable signatures of cell genotypes, e.g.
// "normal: [sepconv3(c0)+maxpool3(c1)] [identity(b0)+conv3(c1)]; reduction: [...] [...]".
// Zero edges are left out: they are not part of the network.
import type { CellArchitecture, CellBlock } from './types';

function describeBlock(block: CellBlock): string {
  const edges = [
    [block.op0, block.in0],
    [block.op1, block.in1],
  ].filter(([op]) => op !== 'zero');
  return `[${edges.map(([op, input]) => `${op}(${input})`).join('+')}]`;
}

export function describeCells(arch: CellArchitecture): string {
  return `normal: ${arch.normal.map(describeBlock).join(' ')}; reduction: ${arch.reduction.map(describeBlock).join(' ')}`;
}
