// Architectures given as a graph rather than as a family's genotype: what a network morphism
// makes. A morphism's child (an identity layer inserted, a layer widened, a skip added) usually
// has no genotype in its parent's family, so it travels as its graph, tagged 'graph'. Any space
// accepts them through `withGraphArchitectures`: they compile to themselves and hash, describe
// and validate as graphs; drawing new networks stays the family's business.
import type { ArchitectureGraph } from '../../contracts/graph';
import { checkStructure, graphHash } from '../graph';
import { getOperation } from '../ops';
import type { Architecture } from '../types';
import type { SearchSpace } from './search-space';

export interface GraphArchitecture extends Architecture {
  type: 'graph';
  graph: ArchitectureGraph;
}

export function isGraphArchitecture(arch: unknown): arch is GraphArchitecture {
  return typeof arch === 'object' && arch !== null && (arch as Architecture).type === 'graph' && typeof (arch as GraphArchitecture).graph === 'object';
}

export function graphArchitecture(graph: ArchitectureGraph): GraphArchitecture {
  return { type: 'graph', graph };
}

/** The operations with parameters, in topological order: "conv3x3-4-relu > dense-16-relu > head". */
export function describeGraphArchitecture(graph: ArchitectureGraph): string {
  const { order } = checkStructure(graph);
  const shown = order.filter((n) => n.op !== 'input' && !(n.op === 'identity' && n.inputs.length === 1));
  return shown.map((n) => (n.op === 'identity' ? `${n.merge}(${n.inputs.length})` : getOperation(n.op).describe(n.params))).join(' > ');
}

/** `space`, also accepting graph architectures wherever it takes one. */
export function withGraphArchitectures<A extends Architecture>(space: SearchSpace<A>): SearchSpace<A | GraphArchitecture> {
  const own = (arch: A | GraphArchitecture, what: string): A => {
    if (isGraphArchitecture(arch)) throw new Error(`${what}: a graph architecture (a morphism's child) has no ${space.type} genotype`);
    return arch;
  };
  return {
    type: space.type,
    sample: (rng) => space.sample(rng),
    mutate: (arch, rng) => space.mutate(own(arch, 'mutate'), rng),
    neighbours: (arch) => space.neighbours(own(arch, 'neighbours')),
    validate: (arch) => (isGraphArchitecture(arch) ? checkStructure(arch.graph).problems : space.validate(arch)),
    describe: (arch) => (isGraphArchitecture(arch) ? describeGraphArchitecture(arch.graph) : space.describe(arch)),
    compile: (arch) => (isGraphArchitecture(arch) ? arch.graph : space.compile(arch)),
    hash: (arch) => (isGraphArchitecture(arch) ? graphHash(arch.graph) : space.hash(arch)),
    encode: (arch) => space.encode(own(arch, 'encode')),
    decode: (values) => space.decode(values),
    nextChoice: (prefix) => space.nextChoice(prefix),
  };
}
