// A search-space family as the config sees it: a `space.type`, an option reader that fills
// defaults and reports problems, and a factory for the space. Options are plain JSON, since
// they live in the search config and therefore in workflow history.
import type { ConfigReader, Json } from '../config/reader';
import type { Architecture } from '../types';
import type { SearchSpace } from './search-space';

/**
 * A family's resolved options: JSON tagged with the family's type. `module` is not the
 * family's: it names the user's module that registers the family (the config reader keeps it
 * beside the options, and the family never sees it).
 */
export type SpaceOptions = { type: string; module?: string } & Json;

export interface SpaceFamily<O extends SpaceOptions = SpaceOptions, A extends Architecture = Architecture> {
  readonly type: O['type'];
  /** One line for `nas validate --spaces` and the README. */
  readonly doc: string;
  /**
   * Reads the `space` section (its `type` is this family's) into options with every default
   * filled in. Problems are reported on `r`, each naming its `space.*` key; the result is then
   * still well-formed (defaults stand in for bad values) but must not be used.
   */
  readOptions(section: Json, r: ConfigReader): O;
  /** The space for options `readOptions` returned without problems. */
  create(options: O): SearchSpace<A>;
}
