// Options of the multibranch space: the chain's (depth, operations and their hyperparameters,
// dense tail) plus the merges a skip connection may use. Problems name the `space.*` key.
import { MERGES, type Merge } from '../../../contracts/graph';
import { ConfigReader, type Json } from '../../config/reader';
import { CHAIN_OPTION_KEYS, readChainOptions, resolveChainOptions, type ChainConfigOptions, type ResolvedChainSpaceOptions } from '../chain/options';

export type MultibranchConfigOptions = Omit<ChainConfigOptions, 'type'> & {
  type: 'multibranch';
  /** How a layer merges the earlier outputs it reads: 'sum' (residual) and/or 'concat' (DenseNet). */
  merges: Merge[];
};

export type MultibranchSpaceOptions = Partial<Omit<MultibranchConfigOptions, 'type'>>;

export type ResolvedMultibranchOptions = ResolvedChainSpaceOptions & { merges: readonly Merge[] };

export const MULTIBRANCH_OPTION_KEYS = [...CHAIN_OPTION_KEYS, 'merges'] as const;

/** Reads a config's `space` section of type "multibranch", with the defaults filled in (those of the chain, and both merges). */
export function readMultibranchOptions(section: Json, r: ConfigReader): MultibranchConfigOptions {
  r.unknownKeys(section, MULTIBRANCH_OPTION_KEYS, 'space');
  const chainKeys: readonly string[] = CHAIN_OPTION_KEYS;
  const chainPart = Object.fromEntries(Object.entries(section).filter(([k]) => chainKeys.includes(k) && k !== 'type'));
  const { type: _chain, ...chain } = readChainOptions({ ...chainPart, type: 'chain' }, r);
  const merges = r.list<Merge>(section, 'merges', 'space.merges', MERGES, (v) => MERGES.includes(v as Merge), MERGES.join('|'));
  return { type: 'multibranch', ...chain, merges };
}

/** Options with defaults filled in; throws naming the `space.*` key of the first problem. */
export function resolveMultibranchOptions(options: MultibranchSpaceOptions): ResolvedMultibranchOptions {
  const r = new ConfigReader();
  const { type: _type, merges, ...chain } = readMultibranchOptions({ ...options, type: 'multibranch' } as Json, r);
  if (r.problems.length > 0) throw new Error(r.problems[0]);
  return Object.freeze({ ...resolveChainOptions(chain), merges: Object.freeze(merges) });
}
