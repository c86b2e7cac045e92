// Signatures of multibranch networks: the chain's, with each layer's skips before it, e.g.
// "conv3x3-16-relu > maxpool2/2 > [sum n1] conv3x3/2-16-relu > [concat input, n2] avgpool3 > dense-64-elu",
// where n<i> is the i-th layer's output and the merge is applied to the layer's input.
import { describeLayer } from '../chain';
import type { MultibranchArchitecture, MultibranchLayer } from './types';

export function describeMultibranchLayer(layer: MultibranchLayer): string {
  const { id: _id, skips, merge, ...chainLayer } = layer;
  const own = describeLayer(chainLayer);
  return skips === undefined || skips.length === 0 ? own : `[${merge} ${skips.join(', ')}] ${own}`;
}

export function describeMultibranch(arch: MultibranchArchitecture): string {
  return arch.layers.length === 0 ? '(no layers)' : arch.layers.map(describeMultibranchLayer).join(' > ');
}
