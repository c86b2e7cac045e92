// Problems of a hierarchical genotype in the family's own terms, before the generic
// choice-by-choice check (which names the first key, e.g. `motif1.n2.from0`, whose value is
// not allowed): the shape of each motif's adjacency, and that every node has an input and
// reaches the output.
import type { HierarchicalSpaceOptions } from './options';
import { NONE } from './types';

const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

function motifProblems(name: string, edges: unknown, nodes: number): string[] {
  const shape = `a list of ${nodes - 1} rows, row j - 1 holding the ops on the edges into node j from nodes 0..j - 1`;
  if (!Array.isArray(edges) || edges.length !== nodes - 1) return [`${name}: expected ${shape}, got ${show(edges)}`];
  const bad = edges.findIndex((row: unknown, r) => !Array.isArray(row) || row.length !== r + 1 || !row.every((op) => typeof op === 'string'));
  if (bad >= 0) return [`${name}: row ${bad} (edges into node ${bad + 1}) must list ${bad + 1} operation names, got ${show(edges[bad])}`];
  const rows = edges as string[][];
  const problems: string[] = [];
  for (let j = 1; j < nodes; j++) {
    if (rows[j - 1].every((op) => op === NONE)) problems.push(`${name}: node ${j} has no input (every edge into it is '${NONE}')`);
  }
  for (let i = 0; i < nodes - 1; i++) {
    if (rows.slice(i).every((row) => row[i] === NONE)) problems.push(`${name}: node ${i} reaches nothing (every edge out of it is '${NONE}'), so it never reaches the output`);
  }
  return problems;
}

export function validateHierarchical(arch: unknown, o: HierarchicalSpaceOptions): string[] {
  if (typeof arch !== 'object' || arch === null || Array.isArray(arch)) return [`architecture: expected an object, got ${show(arch)}`];
  const { type, motifs, cell } = arch as Record<string, unknown>;
  if (type !== 'hierarchical') return [`type: expected 'hierarchical', got ${show(type)}`];
  if (!Array.isArray(motifs) || motifs.length !== o.motifs) return [`motifs: expected ${o.motifs} level-2 motifs, got ${show(motifs)}`];
  return [...motifs.flatMap((m: unknown, k) => motifProblems(`motif${k}`, m, o.motifNodes)), ...motifProblems('cell', cell, o.cellNodes)];
}
