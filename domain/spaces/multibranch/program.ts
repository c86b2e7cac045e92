// The multibranch choice program: the chain's (depth, then per layer its op and the op's
// hyperparameters), and after each spatial layer's hyperparameters one yes/no choice per
// earlier output it may read besides the previous layer's (`L3.skip.input`, `L3.skip.L0`, ...),
// then, if it reads any, the merge (`L3.merge`). An earlier output is offered only where some
// allowed merge can take it for any input image (shapes.ts), and the merge only among those
// that can take every skip chosen, so every answer sequence is a valid network.
import type { Merge } from '../../../contracts/graph';
import type { Choice, ChoiceProgram, ChoiceValue } from '../choices';
import type { ChainLayer, ChainOp } from '../chain';
import { OP_FIELDS, allowedOpsBetween, fieldChoices, isSpatialOp } from '../chain/ops';
import type { ResolvedMultibranchOptions } from './options';
import { INPUT_SHAPE, canMerge, layerShape, mergedShape, type SymbolicShape } from './shapes';
import type { MultibranchArchitecture, MultibranchLayer } from './types';

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** A source a layer may read: the image or an earlier layer, with its output shape. */
interface Source {
  /** Its name in choice keys: 'input' or L<j>. */
  key: string;
  /** Its name in `skips`: 'input' or the layer's id. */
  id: string;
  shape: SymbolicShape;
}

/** The skips layer i may take and, once chosen, the merges that can take them all. */
export function skipCandidates(o: ResolvedMultibranchOptions, main: SymbolicShape, earlier: readonly Source[]): Source[] {
  return earlier.filter((s) => o.merges.some((m) => canMerge(m, main, s.shape)));
}

export function mergesFor(o: ResolvedMultibranchOptions, main: SymbolicShape, chosen: readonly Source[]): Merge[] {
  return o.merges.filter((m) => chosen.every((s) => canMerge(m, main, s.shape)));
}

function* skipChoices(i: number, o: ResolvedMultibranchOptions, sources: readonly Source[]): Generator<Choice, { skips: Source[]; merge?: Merge }, ChoiceValue> {
  // The previous output is the layer's input anyway; the ones before it are the candidates.
  const main = sources[sources.length - 1];
  const chosen: Source[] = [];
  for (const source of skipCandidates(o, main.shape, sources.slice(0, -1))) {
    if ((yield { key: `L${i}.skip.${source.key}`, options: [false, true] }) === true) chosen.push(source);
  }
  if (chosen.length === 0) return { skips: [] };
  const merge = (yield { key: `L${i}.merge`, options: mergesFor(o, main.shape, chosen) }) as Merge;
  return { skips: chosen, merge };
}

export function multibranchProgram(o: ResolvedMultibranchOptions): ChoiceProgram<MultibranchArchitecture> {
  return function* () {
    const maxDepth = o.operations.some(isSpatialOp) ? o.maxLayers : Math.min(o.maxLayers, o.maxDenseLayers);
    const depth = (yield { key: 'depth', options: range(o.minLayers, maxDepth) }) as number;
    const layers: MultibranchLayer[] = [];
    const sources: Source[] = [{ key: 'input', id: 'input', shape: INPUT_SHAPE }];
    for (let i = 0; i < depth; i++) {
      const dense = layers.filter((l) => l.op === 'dense').length;
      const ops = allowedOpsBetween(o, layers, []).filter((op) => isSpatialOp(op) || dense + depth - i <= o.maxDenseLayers);
      const op = (yield { key: `L${i}.op`, options: ops }) as ChainOp;
      const fields: Record<string, ChoiceValue> = { op };
      for (const field of OP_FIELDS[op]) fields[field] = yield { key: `L${i}.${field}`, options: fieldChoices(o, op, field) };
      const layer = { id: `n${i + 1}`, ...fields } as unknown as MultibranchLayer;
      if (isSpatialOp(op)) {
        const { skips, merge } = yield* skipChoices(i, o, sources);
        let input = sources[sources.length - 1].shape;
        if (merge !== undefined) {
          layer.skips = skips.map((s) => s.id);
          layer.merge = merge;
          input = mergedShape(merge, [input, ...skips.map((s) => s.shape)]);
        }
        sources.push({ key: `L${i}`, id: layer.id, shape: layerShape(layer as ChainLayer, input) });
      }
      layers.push(layer);
    }
    return { type: 'multibranch', layers };
  };
}

const LAYER_KEY = /^L(\d+)\.(\w+)$/;
const SKIP_KEY = /^L(\d+)\.skip\.(input|L(\d+))$/;

/** The answer a multibranch architecture gives to a choice of its program. */
export function multibranchAnswer(arch: MultibranchArchitecture, key: string): ChoiceValue | undefined {
  if (key === 'depth') return Array.isArray(arch.layers) ? arch.layers.length : undefined;
  const skip = SKIP_KEY.exec(key);
  if (skip !== null) {
    const layer = arch.layers[Number(skip[1])];
    const source = skip[3] === undefined ? 'input' : arch.layers[Number(skip[3])]?.id;
    return Array.isArray(layer?.skips) ? layer.skips.includes(source as string) : false;
  }
  const m = LAYER_KEY.exec(key);
  if (m === null) return undefined;
  const layer = arch.layers[Number(m[1])] as unknown as Record<string, ChoiceValue> | undefined;
  return layer?.[m[2]];
}
