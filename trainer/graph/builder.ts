// Adds operations to a TensorFlow graph through the graph_step addon, with unique names and
// typed helpers for the attributes the translators need.
import type { Attr, GraphHandle, GraphStepAddon, Output } from './addon';

/** TF_DataType values (tensorflow/c/tf_datatype.h). */
export const DT = { float: 1, int32: 3, int64: 9, bool: 10, resource: 20 } as const;

export const attrs = {
  T: (dtype: number = DT.float): Attr => ['T', 'type', dtype],
  type: (name: string, dtype: number): Attr => [name, 'type', dtype],
  int: (name: string, v: number): Attr => [name, 'int', v],
  ints: (name: string, v: number[]): Attr => [name, 'ints', v],
  float: (name: string, v: number): Attr => [name, 'float', v],
  bool: (name: string, v: boolean): Attr => [name, 'bool', v],
  string: (name: string, v: string): Attr => [name, 'string', v],
  shape: (name: string, dims: number[]): Attr => [name, 'shape', dims],
};

export class GraphBuilder {
  private readonly used = new Map<string, number>();

  constructor(readonly addon: GraphStepAddon, readonly graph: GraphHandle) {}

  /** A name not used before in this graph, derived from `base` (TF's name charset). */
  uniqueName(base: string): string {
    const clean = base.replace(/[^A-Za-z0-9_.\-/]/g, '_').replace(/^[^A-Za-z0-9.]/, 'n');
    const n = this.used.get(clean) ?? 0;
    this.used.set(clean, n + 1);
    return n === 0 ? clean : `${clean}_${n}`;
  }

  /** Adds an operation; returns its first output. */
  op(type: string, inputs: Array<Output | Output[]>, attrList: Attr[] = [], opts: { name?: string; controls?: string[] } = {}): Output {
    const name = this.uniqueName(opts.name ?? type);
    this.addon.addOp(this.graph, type, name, inputs, attrList, opts.controls ?? []);
    return [name, 0];
  }

  /** Adds an operation and returns its outputs 0..n-1. */
  opN(type: string, n: number, inputs: Array<Output | Output[]>, attrList: Attr[] = [], opts: { name?: string; controls?: string[] } = {}): Output[] {
    const [name] = this.op(type, inputs, attrList, opts);
    return Array.from({ length: n }, (_, i): Output => [name, i]);
  }

  constFloat(values: number[] | Float32Array, dims: number[], name = 'Const'): Output {
    return this.op('Const', [], [attrs.type('dtype', DT.float), ['value', 'tensor', [DT.float, dims, Float32Array.from(values)]]], { name });
  }

  constInt(values: number[], dims: number[] = [values.length], name = 'Const'): Output {
    return this.op('Const', [], [attrs.type('dtype', DT.int32), ['value', 'tensor', [DT.int32, dims, Int32Array.from(values)]]], { name });
  }

  scalar(v: number, name = 'Const'): Output {
    return this.constFloat([v], [], name);
  }

  placeholder(dtype: number, dims: number[], name: string): Output {
    return this.op('Placeholder', [], [attrs.type('dtype', dtype), attrs.shape('shape', dims)], { name });
  }
}
