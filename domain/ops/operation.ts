// What the search knows about one operation, free of tfjs: its parameters, the shape it
// produces, what it costs and how it reads in a description. The trainer registers the tfjs
// layers of each operation under the same name (trainer/model/layers). One file per operation,
// one line in register-all.ts.
import type { FeatureShape, ParamValue } from '../../contracts/graph';

/** A parameter's legal values: an integer range, or a list of choices. */
export type FieldSpec =
  | { kind: 'int'; min: number; max: number; doc: string }
  | { kind: 'choice'; values: readonly ParamValue[]; doc: string };

export type OpParams = Readonly<Record<string, ParamValue>>;

/** Facts of the network being built that some operations need (the head's class count). */
export interface OpContext {
  numClasses: number;
}

export interface OperationDef {
  readonly name: string;
  /** One line for docs and `nas validate`. */
  readonly doc: string;
  /** Parameters in their canonical order: descriptions and samplers follow it. */
  readonly fields: Readonly<Record<string, FieldSpec>>;
  /** 'spatial': needs a [h, w, c] input; 'any': flat inputs too; 'none': the graph's input node. */
  readonly accepts: 'spatial' | 'any' | 'none';
  /** Output shape for the (merged) input shape; throws ShapeRuleError naming the rule broken. */
  outputShape(input: FeatureShape, params: OpParams, ctx: OpContext): FeatureShape;
  /** Weights, trainable or not, exactly as tfjs's countParams() counts them. */
  paramCount(input: FeatureShape, params: OpParams, ctx: OpContext): number;
  /** Multiply-accumulates of one forward pass of one sample (bias, pooling, activations: 0). */
  macs(input: FeatureShape, params: OpParams, ctx: OpContext): number;
  /** Short signature such as "conv3x3/2-32-relu". */
  describe(params: OpParams): string;
}

/** An input shape or parameter combination the operation cannot take. */
export class ShapeRuleError extends Error {
  override readonly name = 'ShapeRuleError';
}
