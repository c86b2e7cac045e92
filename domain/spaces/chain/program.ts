// The chain's choice program: depth, then per layer its op and the op's hyperparameters. Each
// op offered is one the rest of the chain can still follow (a dense layer forces dense layers
// after it, so it is offered only once the remaining depth fits the dense cap), so every
// answer sequence is a valid chain. Answering uniformly reproduces the chain sampler's draws.
import type { ChoiceProgram, ChoiceValue } from '../choices';
import type { ChainArchitecture, ChainLayer, ChainOp } from './types';
import type { ResolvedChainSpaceOptions } from './options';
import { OP_FIELDS, allowedOpsBetween, fieldChoices, isSpatialOp } from './ops';

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export function chainProgram(o: ResolvedChainSpaceOptions): ChoiceProgram<ChainArchitecture> {
  return function* () {
    const maxDepth = o.operations.some(isSpatialOp) ? o.maxLayers : Math.min(o.maxLayers, o.maxDenseLayers);
    const depth = (yield { key: 'depth', options: range(o.minLayers, maxDepth) }) as number;
    const layers: ChainLayer[] = [];
    for (let i = 0; i < depth; i++) {
      const remaining = depth - i;
      const dense = layers.filter((l) => l.op === 'dense').length;
      const ops = allowedOpsBetween(o, layers, []).filter((op) => isSpatialOp(op) || dense + remaining <= o.maxDenseLayers);
      const op = (yield { key: `L${i}.op`, options: ops }) as ChainOp;
      const layer: Record<string, ChoiceValue> = { id: `n${i + 1}`, op };
      for (const field of OP_FIELDS[op]) layer[field] = yield { key: `L${i}.${field}`, options: fieldChoices(o, op, field) };
      layers.push(layer as unknown as ChainLayer);
    }
    return { type: 'chain', layers };
  };
}

/** The answer a chain gives to a choice of its program. */
export function chainAnswer(arch: ChainArchitecture, key: string): ChoiceValue | undefined {
  if (key === 'depth') return arch.layers.length;
  const m = /^L(\d+)\.(\w+)$/.exec(key);
  if (m === null) return undefined;
  const layer = arch.layers[Number(m[1])] as unknown as Record<string, ChoiceValue> | undefined;
  return layer?.[m[2]];
}
