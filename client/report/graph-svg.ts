// A drawing of an architecture graph: one box per node (its id, operation and parameters), in
// rows by depth from the input, with an arrow per input edge.
import type { ArchitectureGraph, GraphNode } from '../../contracts/graph';
import { escapeXml } from './svg';

const BOX_W = 210;
const BOX_H = 40;
const GAP_X = 24;
const GAP_Y = 34;

const OP_COLORS: Record<string, string> = {
  input: '#e8e8e8',
  head: '#e8e8e8',
  conv: '#cfe3f7',
  sepconv: '#d7ecd3',
  dilconv: '#fde0c5',
  maxpool: '#f3d6e9',
  avgpool: '#e9dcf5',
  dense: '#fff2b3',
};

function paramsText(node: GraphNode): string {
  return Object.entries(node.params)
    // The default order says nothing; anything else (batch norm first, ...) is worth showing.
    .filter(([k, v]) => !(k === 'order' && v === 'conv-act'))
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');
}

/** Depth of each node: the longest path from a node without inputs. */
function depths(graph: ArchitectureGraph): Map<string, number> {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const memo = new Map<string, number>();
  const depth = (id: string, seen: Set<string>): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    if (seen.has(id)) return 0; // a cycle: validation refuses these; draw rather than loop
    seen.add(id);
    const node = byId.get(id);
    const d = node && node.inputs.length > 0 ? 1 + Math.max(...node.inputs.map((i) => depth(i, seen))) : 0;
    memo.set(id, d);
    return d;
  };
  for (const n of graph.nodes) depth(n.id, new Set());
  return memo;
}

export function graphSvg(graph: ArchitectureGraph, id = 'best-architecture'): string {
  const depth = depths(graph);
  const rows: GraphNode[][] = [];
  for (const node of graph.nodes) (rows[depth.get(node.id) ?? 0] ??= []).push(node);
  const widest = Math.max(1, ...rows.map((r) => r?.length ?? 0));
  const width = widest * (BOX_W + GAP_X) + GAP_X;
  const height = rows.length * (BOX_H + GAP_Y) + GAP_Y;
  const at = new Map<string, { x: number; y: number }>();
  rows.forEach((row, r) => {
    const offset = (width - row.length * (BOX_W + GAP_X) + GAP_X) / 2;
    row.forEach((node, i) => at.set(node.id, { x: offset + i * (BOX_W + GAP_X), y: GAP_Y / 2 + r * (BOX_H + GAP_Y) }));
  });
  const edges: string[] = [];
  for (const node of graph.nodes) {
    const to = at.get(node.id)!;
    for (const input of node.inputs) {
      const from = at.get(input);
      if (!from) continue;
      edges.push(
        `<line class="edge" x1="${from.x + BOX_W / 2}" y1="${from.y + BOX_H}" x2="${to.x + BOX_W / 2}" y2="${to.y}" marker-end="url(#arrow-${escapeXml(id)})"/>`,
      );
    }
  }
  const boxes = graph.nodes.map((node) => {
    const { x, y } = at.get(node.id)!;
    const merge = node.merge ? ` (${node.merge})` : '';
    const params = paramsText(node);
    const shortParams = params.length > 38 ? `${params.slice(0, 37)}…` : params;
    return (
      `<g class="node" data-node="${escapeXml(node.id)}"><title>${escapeXml(`${node.id}: ${node.op}${merge} ${params}`)}</title>` +
      `<rect x="${x}" y="${y}" width="${BOX_W}" height="${BOX_H}" rx="6" fill="${OP_COLORS[node.op] ?? '#eeeeee'}" stroke="#555"/>` +
      `<text x="${x + BOX_W / 2}" y="${y + 16}" text-anchor="middle" class="node-op">${escapeXml(`${node.op}${merge}`)} · ${escapeXml(node.id)}</text>` +
      `<text x="${x + BOX_W / 2}" y="${y + 31}" text-anchor="middle" class="node-params">${escapeXml(shortParams)}</text></g>`
    );
  });
  return (
    `<svg class="graph" data-graph="${escapeXml(id)}" data-nodes="${graph.nodes.length}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="architecture graph">` +
    `<defs><marker id="arrow-${escapeXml(id)}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>` +
    `${edges.join('')}${boxes.join('')}</svg>`
  );
}
