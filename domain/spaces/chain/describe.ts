// Compact, human-readable signatures of chain architectures for logs, CLI tables and reports,
// from each operation's own description. Every hyperparameter appears, so two valid chains with
// equal signatures are equal; stride 1 is the common case and is left out to keep them short.
import type { ChainArchitecture, ChainLayer } from './types';
import { getOperation } from '../../ops';
import { OP_FIELDS, fixedParams, getField } from './ops';

/** e.g. "conv3x3/2-32-relu", "dilconv5x5d2-16-elu", "maxpool2/2", "avgpool3", "dense-128-elu". */
export function describeLayer(layer: ChainLayer): string {
  const params = fixedParams(layer.op);
  for (const field of OP_FIELDS[layer.op]) params[field] = getField(layer, field) as string | number;
  return getOperation(layer.op).describe(params);
}

/** Layers joined by " > "; "(no layers)" for an empty chain rather than an empty string. */
export function describeChain(arch: ChainArchitecture): string {
  return arch.layers.length === 0 ? '(no layers)' : arch.layers.map(describeLayer).join(' > ');
}
