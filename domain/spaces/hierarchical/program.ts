// The hierarchical choice program: each level-2 motif's edges (`motif0.n1.from0`, then node 2's
// from nodes 0 and 1, ...), then the level-3 motif's (`cell.n1.from0`, ...). An edge takes a
// primitive (level 2) or a level-2 motif or identity (level 3), or 'none'. Two rules keep every
// answer sequence a valid DAG: the last edge into a node may not be 'none' if all before it
// were (every node has an input), and the edge from node i to the output may not be 'none' if
// all of i's other outgoing edges were (every node reaches the output).
import type { Choice, ChoiceProgram, ChoiceValue } from '../choices';
import type { HierarchicalSpaceOptions } from './options';
import { NONE, type HierarchicalArchitecture, type MotifEdges } from './types';

/** The edges of one motif of `nodes` nodes, each op chosen among `ops` or 'none'. */
function* motifChoices(name: string, nodes: number, ops: readonly string[]): Generator<Choice, MotifEdges<string>, ChoiceValue> {
  const hasOutput = new Array<boolean>(nodes).fill(false);
  const rows: string[][] = [];
  for (let j = 1; j < nodes; j++) {
    const row: string[] = [];
    for (let i = 0; i < j; i++) {
      const lastIn = i === j - 1 && row.every((op) => op === NONE);
      const lastOut = j === nodes - 1 && !hasOutput[i];
      const op = (yield { key: `${name}.n${j}.from${i}`, options: lastIn || lastOut ? ops : [NONE, ...ops] }) as string;
      if (op !== NONE) hasOutput[i] = true;
      row.push(op);
    }
    rows.push(row);
  }
  return rows;
}

export const motifName = (k: number): string => `m${k}`;

/** What a level-3 edge may carry: identity or one of the level-2 motifs. */
export function cellEdgeOps(o: Pick<HierarchicalSpaceOptions, 'motifs'>): string[] {
  return ['identity', ...Array.from({ length: o.motifs }, (_, k) => motifName(k))];
}

export function hierarchicalProgram(o: HierarchicalSpaceOptions): ChoiceProgram<HierarchicalArchitecture> {
  return function* () {
    const motifs: MotifEdges<string>[] = [];
    for (let k = 0; k < o.motifs; k++) motifs.push(yield* motifChoices(`motif${k}`, o.motifNodes, o.primitives));
    const cell = yield* motifChoices('cell', o.cellNodes, cellEdgeOps(o));
    return { type: 'hierarchical', motifs: motifs as HierarchicalArchitecture['motifs'], cell };
  };
}

const KEY = /^(?:motif(\d+)|cell)\.n(\d+)\.from(\d+)$/;

/** The answer a hierarchical architecture gives to a choice of its program. */
export function hierarchicalAnswer(arch: HierarchicalArchitecture, key: string): ChoiceValue | undefined {
  const m = KEY.exec(key);
  if (m === null) return undefined;
  const edges: unknown = m[1] === undefined ? arch.cell : Array.isArray(arch.motifs) ? arch.motifs[Number(m[1])] : undefined;
  if (!Array.isArray(edges)) return undefined;
  const row: unknown = edges[Number(m[2]) - 1];
  return Array.isArray(row) ? (row[Number(m[3])] as ChoiceValue | undefined) : undefined;
}
