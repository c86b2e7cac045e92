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
  if (name === 'selu') return { output: selu(b, x, prefix) };
  const op = OPS[name];
  if (op === null || op === undefined) return { output: x };
  const output = b.op(op, [x], [attrs.T()], { name: `${prefix}/${op}` });
  return name === 'softmax' ? { output, logits: x } : { output };
}

/** tfjs's SELU constants (tfjs-core selu_util). */
const SELU_SCALE = 1.0507009873554804934193349852946;
const SELU_SCALE_ALPHA = 1.7580993408473768599402175208123;

/**
 * SELU as tfjs computes it, x > 0 ? scale * x : scale * alpha * (exp(x) - 1), from primitive
 * ops: TensorFlow's Selu gradient takes the slope at x = 0 from the right (scale), tfjs's from
 * the left (scale * alpha), and a ReLU-ed input is exactly 0 in many places.
 */
function selu(b: GraphBuilder, x: Output, prefix: string): Output {
  const f = [attrs.T()];
  const positive = b.op('Greater', [x, b.scalar(0)], f, { name: `${prefix}/selu_positive` });
  const negative = b.op('Mul', [b.op('Sub', [b.op('Exp', [x], f), b.scalar(1)], f), b.scalar(SELU_SCALE_ALPHA)], f);
  const linear = b.op('Mul', [x, b.scalar(SELU_SCALE)], f);
  return b.op('Select', [positive, linear, negative], f, { name: `${prefix}/selu` });
}

export const activationLayer: LayerTranslator = {
  className: 'Activation',
  unsupported: (layer) => activationUnsupported(config(layer).activation),
  translate: (layer, [x], ctx) => activate(ctx.b, activationName(config(layer).activation), x!, layer.name),
};
