// The chain family against the checks every family passes (test/domain/helpers/space-checks.ts):
// the choice encoding round-trips and nextChoice walks it; neighbours are valid, distinct networks.
import test from 'ava';
import { ChainSpace, type ChainArchitecture } from '../../domain/spaces/chain';
import { Rng } from '../../domain/rng';
import { checkEncoding, checkNeighbours } from './helpers/space-checks';

const space = new ChainSpace({ maxLayers: 5 });
const samples = (n: number, seed: number): ChainArchitecture[] => {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => space.sample(rng));
};

test('chain: decode(encode(a)) is a, nextChoice walks the encoding', (t) => {
  checkEncoding(t, space, samples(300, 1));
});

test('chain: neighbours are valid, distinct networks, even where two moves make the same one', (t) => {
  // Two equal layers: removing either, or inserting a third before or after them, is one network.
  const twins: ChainArchitecture = {
    type: 'chain',
    layers: [
      { id: 'n1', op: 'maxpool', poolSize: 2, strides: 2 },
      { id: 'n2', op: 'maxpool', poolSize: 2, strides: 2 },
    ],
  };
  checkNeighbours(t, space, [twins, ...samples(40, 2)]);
});
