// Classifies the difference between two chains, so tests can assert that a mutation changed
// exactly one thing without trusting the mutation code's own account of what it did.
import type { ChainArchitecture, ChainLayer } from '../../../domain/spaces/chain';
import { canonicalJson as architectureKey } from '../../../domain/json';

export type ChangeKind = 'op' | 'hyperparameter' | 'insert' | 'remove';

const same = (a: unknown, b: unknown): boolean => architectureKey(a) === architectureKey(b);
const without = (layers: ChainLayer[], i: number): ChainLayer[] => layers.filter((_, j) => j !== i);

/** The kind of the single change turning `a` into `b`, or an explanation of why it is not one. */
export function singleChange(a: ChainArchitecture, b: ChainArchitecture): { kind: ChangeKind } | { error: string } {
  const [x, y] = [a.layers, b.layers];
  if (x.length === y.length) {
    const differing = x.map((_, i) => i).filter((i) => !same(x[i], y[i]));
    if (differing.length !== 1) return { error: `${differing.length} layers differ` };
    const [la, lb] = [x[differing[0]], y[differing[0]]];
    if (la.op !== lb.op) return { kind: 'op' };
    const fa = la as unknown as Record<string, unknown>;
    const fb = lb as unknown as Record<string, unknown>;
    const keys = new Set([...Object.keys(fa), ...Object.keys(fb)]);
    const changed = [...keys].filter((k) => !same(fa[k], fb[k]));
    return changed.length === 1 ? { kind: 'hyperparameter' } : { error: `fields ${changed.join(', ')} changed` };
  }
  if (y.length === x.length + 1 && y.some((_, i) => same(without(y, i), x))) return { kind: 'insert' };
  if (y.length === x.length - 1 && x.some((_, i) => same(without(x, i), y))) return { kind: 'remove' };
  return { error: `depth ${x.length} -> ${y.length} is not a single insert or remove` };
}
