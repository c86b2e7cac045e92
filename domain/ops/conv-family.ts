// The three convolutions (plain, depthwise-separable, dilated) share their parameters, their
// order of activation, convolution and batch normalisation, and most of their arithmetic; each
// op file states only what differs.
import type { FeatureShape } from '../../contracts/graph';
import { ACTIVATIONS } from '../../contracts/names';
import type { FieldSpec, OpParams, OperationDef } from './operation';
import { sameOut, spatial } from './shape-math';

/**
 * Where activation and batch normalisation sit around the convolution, fixed by the space:
 * - 'conv-act': convolution with bias, then the activation (the chain space);
 * - 'act-conv-bn': activation, convolution without bias, batch norm (NASNet/DARTS cells);
 * - 'conv-bn-act': convolution without bias, batch norm, activation (ResNet style).
 */
export const CONV_ORDERS = ['conv-act', 'act-conv-bn', 'conv-bn-act'] as const;
export type ConvOrder = (typeof CONV_ORDERS)[number];

export const FILTERS: FieldSpec = { kind: 'int', min: 1, max: 4096, doc: 'output channels' };
export const STRIDES: FieldSpec = { kind: 'choice', values: [1, 2], doc: 'stride in both spatial dimensions' };
export const ACTIVATION: FieldSpec = { kind: 'choice', values: ACTIVATIONS, doc: 'activation function' };
export const ORDER: FieldSpec = { kind: 'choice', values: CONV_ORDERS, doc: 'order of activation, convolution and batch norm' };

/** Batch norm keeps gamma, beta, moving mean and moving variance per channel (tfjs counts all four). */
export function batchNormParams(channels: number): number {
  return 4 * channels;
}

export function usesBatchNorm(params: OpParams): boolean {
  return params.order !== 'conv-act';
}

interface ConvSpec {
  name: string;
  doc: string;
  kernelSizes: readonly number[];
  /** Fields beyond filters, kernelSize, activation and order, in canonical position after kernelSize. */
  extraFields: Readonly<Record<string, FieldSpec>>;
  /** Spatial stride of the output (1 for dilated convolution). */
  stride(params: OpParams): number;
  /** Weights of the convolution itself, without bias or batch norm. */
  kernelWeights(inChannels: number, params: OpParams): number;
  /** Multiply-accumulates per output position. */
  macsPerPosition(inChannels: number, params: OpParams): number;
  /** The kernel part of the signature, e.g. "3x3/2" or "5x5d2". */
  signature(params: OpParams): string;
}

export function convOperation(spec: ConvSpec): OperationDef {
  const n = (params: OpParams, key: string): number => params[key] as number;
  const out = (input: FeatureShape, params: OpParams): [number, number, number] => {
    const [h, w] = spatial(input, spec.name);
    const s = spec.stride(params);
    return [sameOut(h, s), sameOut(w, s), n(params, 'filters')];
  };
  return {
    name: spec.name,
    doc: spec.doc,
    fields: {
      filters: FILTERS,
      kernelSize: { kind: 'choice', values: spec.kernelSizes, doc: 'square kernel size' },
      ...spec.extraFields,
      activation: ACTIVATION,
      order: ORDER,
    },
    accepts: 'spatial',
    outputShape: out,
    paramCount(input, params) {
      const [, , c] = spatial(input, spec.name);
      const filters = n(params, 'filters');
      const extra = usesBatchNorm(params) ? batchNormParams(filters) : filters;
      return spec.kernelWeights(c, params) + extra;
    },
    macs(input, params) {
      const [, , c] = spatial(input, spec.name);
      const [ho, wo] = out(input, params);
      return ho * wo * spec.macsPerPosition(c, params);
    },
    describe(params) {
      const order = params.order === 'conv-act' ? '' : `-${String(params.order)}`;
      return `${spec.name}${spec.signature(params)}-${n(params, 'filters')}-${String(params.activation)}${order}`;
    },
  };
}

export const strideSuffix = (s: number): string => (s === 1 ? '' : `/${s}`);
