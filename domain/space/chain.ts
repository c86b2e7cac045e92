// The chain search space: sequential conv/pool stacks followed by a few dense layers.
import type { ChainArchitecture, ChainLayer } from '../types';
import type { Rng } from '../rng';
import type { SearchSpace } from './space';
import { type ChainSpaceOptions, type ResolvedChainSpaceOptions, resolveChainOptions } from './chain-options';
import { allowedOpsBetween, isSpatialOp, sampleLayer } from './chain-ops';
import { validateChain } from './chain-validate';
import { mutateChain } from './chain-mutate';
import { describeChain } from './chain-describe';

export { type ChainSpaceOptions, DEFAULT_CHAIN_SPACE_OPTIONS } from './chain-options';

export class ChainSpace implements SearchSpace<ChainArchitecture> {
  readonly type = 'chain' as const;
  /** The options with defaults filled in (frozen). */
  readonly options: ResolvedChainSpaceOptions;

  /** Throws, naming the `space.*` field, when the options are inconsistent. */
  constructor(options: ChainSpaceOptions) {
    this.options = resolveChainOptions(options);
  }

  /**
   * Depth uniform over the depths the space can fill, then each layer's op uniform among the
   * ops legal at that position given the layers drawn so far and how many remain (a dense layer
   * forces dense layers after it, so it is only offered once the rest fits the dense cap), then
   * each hyperparameter uniform. Not uniform over architectures, which would favour the deepest.
   */
  sample(rng: Rng): ChainArchitecture {
    const o = this.options;
    const maxDepth = o.operations.some(isSpatialOp) ? o.maxLayers : Math.min(o.maxLayers, o.maxDenseLayers);
    const depth = o.minLayers + rng.int(maxDepth - o.minLayers + 1);
    const layers: ChainLayer[] = [];
    for (let i = 0; i < depth; i++) {
      const remaining = depth - i;
      const ops = allowedOpsBetween(o, layers, []).filter(
        (op) => isSpatialOp(op) || layers.filter((l) => l.op === 'dense').length + remaining <= o.maxDenseLayers,
      );
      layers.push(sampleLayer(rng.pick(ops), o, rng));
    }
    return { type: 'chain', layers };
  }

  mutate(arch: ChainArchitecture, rng: Rng): ChainArchitecture {
    return mutateChain(arch, this.options, rng).architecture;
  }

  validate(arch: ChainArchitecture): string[] {
    return validateChain(arch, this.options);
  }

  describe(arch: ChainArchitecture): string {
    return describeChain(arch);
  }
}
