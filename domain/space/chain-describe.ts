// Compact, human-readable signatures of chain architectures for logs, CLI tables and reports.
// Every hyperparameter appears, so two valid chains with equal signatures are equal; stride 1
// is the common case and is left out to keep signatures short.
import type { ChainArchitecture, ChainLayer } from '../types';

const stride = (s: number): string => (s === 1 ? '' : `/${s}`);

/** e.g. "conv3x3/2-32-relu", "dilconv5x5d2-16-elu", "maxpool2/2", "avgpool3", "dense-128-elu". */
export function describeLayer(layer: ChainLayer): string {
  switch (layer.op) {
    case 'conv':
    case 'sepconv':
      return `${layer.op}${layer.kernelSize}x${layer.kernelSize}${stride(layer.strides)}-${layer.filters}-${layer.activation}`;
    case 'dilconv':
      return `dilconv${layer.kernelSize}x${layer.kernelSize}d${layer.dilation}-${layer.filters}-${layer.activation}`;
    case 'maxpool':
    case 'avgpool':
      return `${layer.op}${layer.poolSize}${stride(layer.strides)}`;
    case 'dense':
      return `dense-${layer.units}-${layer.activation}`;
  }
}

/** Layers joined by " > "; "(no layers)" for an empty chain rather than an empty string. */
export function describeChain(arch: ChainArchitecture): string {
  return arch.layers.length === 0 ? '(no layers)' : arch.layers.map(describeLayer).join(' > ');
}
