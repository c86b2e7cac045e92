// Small row-major float arrays for re-indexing weights. The tensors of one layer are small,
// and doing the arithmetic in plain JavaScript makes the transformation identical on every
// backend (the property tests compare backends against the same expectation).

export interface DenseArray {
  data: Float32Array;
  shape: number[];
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Strides of a row-major array. */
function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1] * shape[i + 1];
  return s;
}

/**
 * Along `axis`, output index j takes input index index[j] (zeros for null), times scale[j].
 */
export function gather(a: DenseArray, axis: number, index: readonly (number | null)[], scale?: readonly number[]): DenseArray {
  const outer = size(a.shape.slice(0, axis));
  const inner = size(a.shape.slice(axis + 1));
  const n = a.shape[axis];
  const shape = [...a.shape];
  shape[axis] = index.length;
  const data = new Float32Array(size(shape));
  for (let o = 0; o < outer; o++) {
    index.forEach((src, j) => {
      if (src === null) return;
      if (src < 0 || src >= n) throw new Error(`index ${src} out of range 0..${n - 1} on axis ${axis} of [${a.shape.join(', ')}]`);
      const k = scale?.[j] ?? 1;
      const from = (o * n + src) * inner;
      const to = (o * index.length + j) * inner;
      for (let i = 0; i < inner; i++) data[to + i] = a.data[from + i] * k;
    });
  }
  return { data, shape };
}

/** A [k, k, ...] kernel zero-padded around its centre to [to, to, ...]. */
export function padKernel(a: DenseArray, to: number): DenseArray {
  const [k, k2, ...rest] = a.shape;
  if (k !== k2 || to < k || (to - k) % 2 !== 0) throw new Error(`cannot pad a [${a.shape.join(', ')}] kernel to ${to}x${to}`);
  const off = (to - k) / 2;
  const inner = size(rest);
  const data = new Float32Array(to * to * inner);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      data.set(a.data.subarray((i * k + j) * inner, (i * k + j + 1) * inner), ((i + off) * to + (j + off)) * inner);
    }
  }
  return { data, shape: [to, to, ...rest] };
}

export function reshape(a: DenseArray, shape: number[]): DenseArray {
  if (size(shape) !== a.data.length) throw new Error(`cannot reshape [${a.shape.join(', ')}] to [${shape.join(', ')}]`);
  return { data: a.data, shape };
}

/** Calls fn(offsets) for each line along `axis`: the flat offsets of its elements. */
export function forEachLine(shape: readonly number[], axis: number, fn: (offsets: number[]) => void): void {
  const st = strides(shape);
  const outer = size(shape.slice(0, axis));
  const inner = size(shape.slice(axis + 1));
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      fn(Array.from({ length: shape[axis] }, (_, j) => o * shape[axis] * inner + j * st[axis] + i));
    }
  }
}
