// A small SVG line chart: one mean curve per method with a shaded band of one standard error.
// Hand-written (no plotting dependency); the README embeds the files it writes.
import type { Summary } from './anytime';

export interface Series {
  name: string;
  points: Summary[];
}

const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf', '#393b79', '#637939', '#8c6d31', '#843c39'];

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Nice round tick values covering [lo, hi]. */
function ticks(lo: number, hi: number, count = 5): number[] {
  const span = hi - lo || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => span / s <= count) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-12; v += step) out.push(Number(v.toFixed(10)));
  return out;
}

export function lineChart(opts: { title: string; xLabel: string; yLabel: string; grid: readonly number[]; series: readonly Series[] }): string {
  const W = 760;
  const H = 420;
  const m = { left: 64, right: 190, top: 36, bottom: 48 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const xs = opts.grid;
  const x0 = xs[0];
  const x1 = xs[xs.length - 1];
  const all = opts.series.flatMap((s) => s.points.flatMap((p) => [p.mean - p.sem, p.mean + p.sem])).filter(Number.isFinite);
  const y0 = Math.min(0, ...all);
  const y1 = Math.max(...all) * 1.05 || 1;
  const X = (v: number) => m.left + ((v - x0) / (x1 - x0 || 1)) * pw;
  const Y = (v: number) => m.top + ph - ((v - y0) / (y1 - y0 || 1)) * ph;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${m.left + pw / 2}" y="20" text-anchor="middle" font-size="14">${esc(opts.title)}</text>`,
  ];
  for (const t of ticks(y0, y1)) {
    out.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${Y(t).toFixed(1)}" y2="${Y(t).toFixed(1)}" stroke="#eee"/>`);
    out.push(`<text x="${m.left - 6}" y="${(Y(t) + 4).toFixed(1)}" text-anchor="end">${t}</text>`);
  }
  for (const t of ticks(x0, x1)) {
    out.push(`<line x1="${X(t).toFixed(1)}" x2="${X(t).toFixed(1)}" y1="${m.top}" y2="${m.top + ph}" stroke="#eee"/>`);
    out.push(`<text x="${X(t).toFixed(1)}" y="${m.top + ph + 16}" text-anchor="middle">${t}</text>`);
  }
  out.push(`<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${m.left + pw / 2}" y="${H - 10}" text-anchor="middle">${esc(opts.xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(opts.yLabel)}</text>`);
  opts.series.forEach((s, k) => {
    const colour = COLOURS[k % COLOURS.length];
    const ok = s.points.map((p, i) => ({ p, x: xs[i] })).filter(({ p }) => Number.isFinite(p.mean));
    if (ok.length === 0) return;
    const upper = ok.map(({ p, x }) => `${X(x).toFixed(1)},${Y(p.mean + p.sem).toFixed(1)}`);
    const lower = ok.map(({ p, x }) => `${X(x).toFixed(1)},${Y(p.mean - p.sem).toFixed(1)}`).reverse();
    out.push(`<polygon points="${[...upper, ...lower].join(' ')}" fill="${colour}" fill-opacity="0.15" stroke="none"/>`);
    out.push(`<polyline points="${ok.map(({ p, x }) => `${X(x).toFixed(1)},${Y(p.mean).toFixed(1)}`).join(' ')}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    const ly = m.top + 10 + k * 18;
    out.push(`<line x1="${W - m.right + 12}" x2="${W - m.right + 36}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="3"/>`);
    out.push(`<text x="${W - m.right + 42}" y="${ly + 4}">${esc(s.name)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
