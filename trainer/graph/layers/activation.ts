// Activations by their tfjs name, as TensorFlow ops.
import type { Output } from '../addon';
import { attrs, type GraphBuilder } from '../builder';
import { config, type LayerTranslator } from './translator';

const OPS: Record<string, string | null> = { linear: null, relu: 'Relu', elu: 'Elu', tanh: 'Tanh', selu: 'Selu', softmax: 'Softmax' };

/** tfjs serialises an activation as its name (or undefined for linear). */
export function activationName(value: unknown): string {
  return value === undefined || value === null ? 'linear' : String(value);
}

export function activationUnsupported(value: unknown): string | undefined {
  const name = activationName(value);
  return name in OPS ? undefined : `activation '${name}' is not translated (${Object.keys(OPS).join(', ')} are)`;
}

/** `x` through the activation; for softmax also the logits it was applied to. */
export function activate(b: GraphBuilder, name: string, x: Output, prefix: string): { output: Output; logits?: Output } {
  const op = OPS[name];
  if (op === null || op === undefined) return { output: x };
  const output = b.op(op, [x], [attrs.T()], { name: `${prefix}/${op}` });
  return name === 'softmax' ? { output, logits: x } : { output };
}

export const activationLayer: LayerTranslator = {
  className: 'Activation',
  unsupported: (layer) => activationUnsupported(config(layer).activation),
  translate: (layer, [x], ctx) => activate(ctx.b, activationName(config(layer).activation), x!, layer.name),
};
