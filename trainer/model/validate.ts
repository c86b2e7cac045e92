// Defensive checks of an architecture arriving over IPC/Temporal: the domain validates
// search spaces, but a hand-written or corrupted request should fail as a non-retryable
// InvalidTrainRequestError naming the field, not as an obscure tfjs error mid-build.
import type { ChainArchitecture, ChainLayer } from '../../domain/types';
import { InvalidTrainRequestError } from '../errors';
import { ACTIVATIONS } from '../../contracts/names';

function positiveInt(value: unknown, field: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InvalidTrainRequestError(`${field} must be a positive integer, got ${String(value)}`);
  }
}

function oneOf(value: unknown, allowed: readonly unknown[], field: string): void {
  if (!allowed.includes(value)) {
    throw new InvalidTrainRequestError(`${field} must be one of ${allowed.join(', ')}, got ${String(value)}`);
  }
}

function checkLayer(layer: ChainLayer, field: string): void {
  switch (layer.op) {
    case 'conv':
    case 'sepconv':
      positiveInt(layer.filters, `${field}.filters`);
      positiveInt(layer.kernelSize, `${field}.kernelSize`);
      oneOf(layer.strides, [1, 2], `${field}.strides`);
      oneOf(layer.activation, ACTIVATIONS, `${field}.activation`);
      return;
    case 'dilconv':
      positiveInt(layer.filters, `${field}.filters`);
      positiveInt(layer.kernelSize, `${field}.kernelSize`);
      oneOf(layer.dilation, [2, 3], `${field}.dilation`);
      oneOf(layer.activation, ACTIVATIONS, `${field}.activation`);
      return;
    case 'maxpool':
    case 'avgpool':
      oneOf(layer.poolSize, [2, 3], `${field}.poolSize`);
      oneOf(layer.strides, [1, 2], `${field}.strides`);
      return;
    case 'dense':
      positiveInt(layer.units, `${field}.units`);
      oneOf(layer.activation, ACTIVATIONS, `${field}.activation`);
      return;
    default:
      throw new InvalidTrainRequestError(`${field}.op '${String((layer as { op?: unknown }).op)}' is not a chain op`);
  }
}

export function validateChain(arch: ChainArchitecture): void {
  if (arch.type !== 'chain') throw new InvalidTrainRequestError(`architecture.type '${String(arch.type)}' is not supported`);
  if (!Array.isArray(arch.layers)) throw new InvalidTrainRequestError('architecture.layers must be an array');
  arch.layers.forEach((layer, i) => checkLayer(layer, `architecture.layers[${i}]`));
}
