// Checks every search-space family must pass, shared by the family tests: the choice encoding
// round-trips and nextChoice walks it; neighbours are valid, distinct networks; config problems
// are reported by key.
import type { ExecutionContext } from 'ava';
import type { SearchSpace } from '../../../domain/spaces';
import { ChoiceError } from '../../../domain/spaces';
import type { Architecture } from '../../../domain/types';
import { parseSearchConfig } from '../../../domain/config/validate';
import { ConfigError } from '../../../domain/config/errors';

/** decode(encode(a)) is the same network, and nextChoice offers each answer of the encoding in turn. */
export function checkEncoding<A extends Architecture>(t: ExecutionContext, space: SearchSpace<A>, archs: readonly A[]): void {
  for (const arch of archs) {
    const values = space.encode(arch);
    const decoded = space.decode(values);
    t.is(space.hash(decoded), space.hash(arch));
    t.deepEqual(space.validate(decoded), []);
    t.deepEqual(space.encode(decoded), values);
    const keys = new Set<string>();
    values.forEach((value, i) => {
      const choice = space.nextChoice(values.slice(0, i));
      if (choice === undefined || !choice.options.includes(value) || keys.has(choice.key)) {
        t.fail(`step ${i} of ${space.describe(arch)}: ${JSON.stringify(choice)} does not offer ${JSON.stringify(value)} under a new key`);
      } else keys.add(choice.key);
    });
    t.is(space.nextChoice(values), undefined, 'a full encoding has no next choice');
    t.throws(() => space.decode(values.slice(0, -1)), { instanceOf: ChoiceError });
    t.throws(() => space.decode([...values, values[0]]), { instanceOf: ChoiceError });
  }
}

/** Every neighbour is valid, a network different from the architecture and from each other, and listed in a fixed order. */
export function checkNeighbours<A extends Architecture>(t: ExecutionContext, space: SearchSpace<A>, archs: readonly A[]): void {
  for (const arch of archs) {
    const neighbours = space.neighbours(arch);
    t.true(neighbours.length > 0, space.describe(arch));
    const hashes = neighbours.map((n) => space.hash(n));
    t.is(new Set([...hashes, space.hash(arch)]).size, neighbours.length + 1, `neighbours of ${space.describe(arch)} are distinct networks`);
    t.deepEqual(neighbours.flatMap((n) => space.validate(n)), []);
    t.deepEqual(space.neighbours(arch), neighbours);
  }
}

/** The problems a search config with this `space` section gets; empty when it is valid. */
export function configProblems(spaceSection: Record<string, unknown>): string[] {
  try {
    parseSearchConfig({ space: spaceSection });
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
}
